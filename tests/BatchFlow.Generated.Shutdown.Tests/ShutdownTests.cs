using System.Globalization;
using BatchFlow.Shutdown.Tests.Support;
using BatchFlow.ShutdownHost;

namespace BatchFlow.Shutdown.Tests;

/// <summary>
/// A real host (tests/BatchFlow.Generated.ShutdownHost) in a child process, writing rows as fast as it can into one
/// flow (<c>Capacity</c> and <c>FlushSize</c> 1,000,000, as in issue 10), is sent SIGTERM while it writes; then what it
/// accepted is compared with what the database holds. Each database's class runs every test here.
/// </summary>
public abstract class ShutdownTests(ITestOutputHelper output)
{
    private static readonly string Users = ShutdownSchema.UsersTable;
    private static readonly string Rejects = ShutdownSchema.RejectsTable;

    /// <summary>How long the host may take to start and get going before the test gives up on it.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a host that is not stalled may take to write what it holds at SIGTERM (up to a few million rows) and exit
    /// before the test kills it: generous, since a slow machine is not what these tests are about.
    /// </summary>
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The shutdown timeout of the hosts that are not stalled: twice the host's default of 30 s, so that writing what
    /// they hold at SIGTERM fits on a slow, busy machine too (rows left when it passes would be reported, not stored).
    /// </summary>
    private const string RoomyShutdownTimeout = "60";

    protected ITestOutputHelper Output { get; } = output;

    protected abstract Task<ShutdownDatabase> CreateDatabaseAsync();

    /// <summary>
    /// Issue 10's first case: with the flow registered as an instance (which the container never disposes, so without
    /// the hosting package only the core's process-exit safety net completes it), built by a factory (the container
    /// disposes it after the host has stopped), either of them with the hosting package's lifetime added
    /// (<c>AddBatchFlowLifetime</c>, which completes them when the host stops), or through the hosting package
    /// (<c>AddBatchFlow</c>), every row accepted is stored, once, and the host exits with 0.
    /// </summary>
    [Theory]
    [InlineData("instance", false)]
    [InlineData("instance", true)]
    [InlineData("factory", false)]
    [InlineData("factory", true)]
    [InlineData("hosting", false)]
    public async Task Sigterm_while_writing_stores_every_accepted_row(string registration, bool lifetime)
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = HostProcess.Start(Output, [
            .. database.HostArguments, "--registration", registration, "--shutdown-timeout", RoomyShutdownTimeout, .. (lifetime ? ["--lifetime"] : Array.Empty<string>())]);
        await host.WaitUntilWritingAsync(minimumAccepted: 100_000, s_startTimeout);

        var run = await host.TerminateAsync(s_exitTimeout);

        Assert.Equal(0, run.ExitCode);
        var accepted = run.Accepted(Users);
        Assert.True(accepted >= 100_000, $"accepted {accepted}");
        Assert.Equal(0, run.FailedRows(Users));
        Assert.Equal(StoredRows.ExactlyOnce(accepted), await database.CountAsync(Users));
        if (registration != "instance" || lifetime)
        {
            // Completed by the time the host had stopped (the hosting package's lifetime) or its container was disposed
            // (factory).
            Assert.Equal(new FlowCounts(accepted, Written: accepted, Failed: 0, DeadLettered: 0, Held: 0, Completed: true), run.Status(Users));
        }
        else if (run.Status(Users, "exit-status") is { Completed: true } atExit)
        {
            // An instance without the lifetime completes only at process exit, where the host prints its counts when it
            // can (see the host's Program.cs).
            Assert.Equal(new FlowCounts(accepted, Written: accepted, Failed: 0, DeadLettered: 0, Held: 0, Completed: true), atExit);
        }
    }

    /// <summary>
    /// Issue 10's second case: the database is stalled at shutdown (the test holds the write lock from just before
    /// SIGTERM). The host still exits within its shutdown timeout plus a margin, every accepted row is stored, reported
    /// or in a dead-letter file, and replaying the files once the stall is over stores the rest: each accepted row is
    /// then stored exactly once. Through the hosting package, whose lifetime completes the flow within
    /// <c>HostOptions.ShutdownTimeout</c>, and with an instance registration, which the core's process-exit safety net
    /// completes within the flow's <c>ProcessExitTimeout</c> (the host sets it to the shutdown timeout).
    /// </summary>
    [Theory]
    [InlineData("hosting")]
    [InlineData("instance")]
    public async Task Stalled_at_shutdown_exits_in_time_and_replaying_the_dead_letters_stores_the_rest_once(string registration)
    {
        const int shutdownTimeoutSeconds = 3;
        // The margin above the shutdown timeout. The clock starts at SIGTERM, so the host's start-up is not in it, but
        // after the deadline the flow still writes every row it holds (a few million, tens of MB) to the dead-letter
        // file and flushes it to disk, and the runtime then exits a process with a heap of several hundred MB, on a CI
        // machine with two cores that may be busy with other work: seconds each at worst. Without a deadline the host
        // would not exit at all while the lock is held (issue 10 killed it after 240 s), and a deadline of the host's
        // default 30 s would overshoot this bound, so the margin still proves the 3 s were kept.
        var margin = TimeSpan.FromSeconds(10);
        await using var database = await CreateDatabaseAsync();
        using var deadLetters = new TempDirectory("batchflow-shutdown-deadletters");
        await using var host = HostProcess.Start(Output, [
            .. database.HostArguments, "--registration", registration,
            "--shutdown-timeout", shutdownTimeoutSeconds.ToString(CultureInfo.InvariantCulture), "--dead-letters", deadLetters.Path]);
        await host.WaitUntilWritingAsync(minimumAccepted: 100_000, s_startTimeout);

        HostRun run;
        await using (await database.HoldWriteLockAsync(Users, TimeSpan.FromSeconds(30)))
        {
            Output.WriteLine("test: write lock held, sending SIGTERM");
            run = await host.TerminateAsync(s_exitTimeout);
        }

        Assert.True(
            run.SinceSignal < TimeSpan.FromSeconds(shutdownTimeoutSeconds) + margin,
            $"The host took {run.SinceSignal.TotalSeconds:F1} s to exit after SIGTERM with a shutdown timeout of {shutdownTimeoutSeconds} s.");
        Assert.Equal(0, run.ExitCode);

        var accepted = run.Accepted(Users);
        var failed = run.FailedRows(Users);
        var stored = await database.CountAsync(Users);
        var files = BatchFlowDeadLetters.FindFiles(deadLetters.Path, ShutdownUserFlow.Table);
        var deadLettered = files.Sum(file => (long)BatchFlowDeadLetters.ReadFile(file, ShutdownUserFlow.Table).Count);
        Output.WriteLine($"test: accepted {accepted}, stored {stored.Count}, failed {failed}, dead-lettered {deadLettered} in {files.Count} file(s)");
        Assert.Equal(stored.Count, stored.DistinctIds);
        Assert.Equal(accepted, stored.Count + failed + deadLettered);
        Assert.True(deadLettered > 0, "The stall held no row back: the test did not stall the host's writes.");

        // The host's own counts say the same. After the hosting package's lifetime they are final when the host has
        // stopped; with the instance registration only at process exit, where the host prints them when it can.
        var status = registration == "hosting" ? run.Status(Users) : run.Status(Users, "exit-status");
        if (registration == "hosting" || status is { Completed: true })
        {
            Assert.Equal(new FlowCounts(accepted, stored.Count, failed, deadLettered, Held: 0, Completed: true), status);
        }

        long replayFailures = 0;
        var options = new BatchFlowOptions<ShutdownUser>
        {
            OnFailure = failure =>
            {
                Interlocked.Add(ref replayFailures, failure.Rows.Count);
                Output.WriteLine($"test: replay failure of {failure.Rows.Count} row(s): {failure.Exception}");
                return ValueTask.CompletedTask;
            },
        };
        await using (var flow = database.UsersFlow(options))
        {
            Assert.Equal(deadLettered, await BatchFlowDeadLetters.ReplayAsync(flow, deadLetters.Path));
            await flow.CompleteAsync();
        }

        Assert.Equal(0, replayFailures);
        Assert.Equal(StoredRows.ExactlyOnce(accepted), await database.CountAsync(Users));
        Assert.Empty(Directory.EnumerateFileSystemEntries(deadLetters.Path));
    }

    /// <summary>
    /// Issue 10's third case: a second flow whose rows all fail, with no failure handler. Its failure is logged, and it
    /// costs the other flow none of its rows: they are all stored, and the host exits with 0. Through the hosting
    /// package, and with factory registrations that only the container's disposal completes (where issue 10 saw the
    /// failing flow's DisposeAsync throw out of RunAsync, exit code 134, and the other flow lose every row).
    /// </summary>
    [Theory]
    [InlineData("hosting")]
    [InlineData("factory")]
    public async Task A_failing_flow_without_handler_costs_the_other_flow_no_row(string registration)
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = HostProcess.Start(Output, [
            .. database.HostArguments, "--registration", registration, "--second-flow-fails", "--shutdown-timeout", RoomyShutdownTimeout]);
        await host.WaitUntilWritingAsync(minimumAccepted: 100_000, s_startTimeout);

        var run = await host.TerminateAsync(s_exitTimeout);

        Assert.Equal(0, run.ExitCode);
        var accepted = run.Accepted(Users);
        Assert.Equal(StoredRows.ExactlyOnce(accepted), await database.CountAsync(Users));
        Assert.Equal(new FlowCounts(accepted, Written: accepted, Failed: 0, DeadLettered: 0, Held: 0, Completed: true), run.Status(Users));

        var rejected = run.Accepted(Rejects);
        Assert.True(rejected > 0, "The failing flow accepted no row.");
        Assert.Equal(new FlowCounts(rejected, Written: 0, Failed: rejected, DeadLettered: 0, Held: 0, Completed: true), run.Status(Rejects));
        Assert.Equal(0, (await database.CountAsync(Rejects)).Count);

        // The console logger's lines of the flow's events: rows failed with no handler, "they are lost" (event 2), and
        // the flow completed with rows lost (event 4).
        Assert.Contains(run.Lines, line => line.Contains($"'{Rejects}'", StringComparison.Ordinal) && line.Contains("no failure handler is set: they are lost", StringComparison.Ordinal));
        Assert.Contains(run.Lines, line => line.Contains($"'{Rejects}'", StringComparison.Ordinal) && line.Contains("row(s) lost", StringComparison.Ordinal));
    }
}

/// <summary>The shutdown tests on a SQLite file.</summary>
public sealed class SqliteShutdownTests(ITestOutputHelper output) : ShutdownTests(output)
{
    protected override Task<ShutdownDatabase> CreateDatabaseAsync() => Task.FromResult<ShutdownDatabase>(new SqliteShutdownDatabase());
}

/// <summary>The shutdown tests on the PostgreSQL server of BATCHFLOW_POSTGRES; without it they fail.</summary>
public sealed class PostgresShutdownTests(ITestOutputHelper output) : ShutdownTests(output)
{
    protected override async Task<ShutdownDatabase> CreateDatabaseAsync() => await PostgresShutdownDatabase.CreateAsync();
}
