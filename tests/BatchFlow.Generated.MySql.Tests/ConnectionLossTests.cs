using System.Collections.Concurrent;
using BatchFlow.MySql.Tests.Support;
using BatchFlow.Sinks;
using MySqlConnector;
using Xunit.Abstractions;

namespace BatchFlow.MySql.Tests;

/// <summary>
/// The flow's connections killed with <c>KILL</c> from another session, and the server stopped and started again, while
/// rows stream in: at the end every row is stored exactly once or reported, checked by count and key sum.
/// </summary>
[Collection(ServerControl.Name)]
public sealed class ConnectionLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Connections_killed_mid_batch_at_least_three_times_lose_no_row_and_store_none_twice()
    {
        await using var table = await TestTable.CreateAsync("accounts", "id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL");
        var (options, failures) = Options<Account>();
        var kills = 0;
        long submitted = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using (var flow = new BatchFlow<Account>(new MySqlBatchSink<Account>(table.DataSource, table.Describe(AccountFlow.Table)), options))
        {
            // At least 200,000 rows, and on until five kills have landed (bounded: 2,000,000 rows or two minutes).
            var producer = Task.Run(async () =>
            {
                while (submitted < 2_000_000 && !stop.IsCancellationRequested && (submitted < 200_000 || Volatile.Read(ref kills) < 5))
                {
                    var id = ++submitted;
                    await flow.SubmitAsync(new Account(id, "k", (int)(id % 1000)));
                }
            });

            // Kills only connections running a statement on this test's table: a LOAD DATA of the flow, mid-batch.
            await using var admin = new MySqlConnection(TestDatabase.ConnectionString);
            await admin.OpenAsync();
            while (!producer.IsCompleted && Volatile.Read(ref kills) < 5)
            {
                await using var find = new MySqlCommand(
                    $"SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE '%{table.Name}%' LIMIT 1", admin);
                if (await find.ExecuteScalarAsync() is { } id)
                {
                    try
                    {
                        await using var kill = new MySqlCommand($"KILL CONNECTION {Convert.ToInt64(id)}", admin);
                        await kill.ExecuteNonQueryAsync();
                        Interlocked.Increment(ref kills);
                    }
                    catch (MySqlException gone) when (gone.Number == 1094)
                    {
                        // Unknown thread: the statement (and its connection) ended first.
                    }
                }
                else
                {
                    await Task.Delay(5);
                }
            }

            await producer;
        }

        Assert.True(kills >= 3, $"Only {kills} connections were killed.");
        await AssertStoredOnceOrReportedAsync(table, submitted, failures, $"{kills} connections killed");
    }

    [Fact]
    public async Task A_server_stopped_and_started_again_mid_stream_loses_no_row_and_stores_none_twice()
    {
        await using var table = await TestTable.CreateAsync("accounts", "id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL");
        var (options, failures) = Options<UpsertAccount>();
        const long total = 150_000;
        await using (var flow = new BatchFlow<UpsertAccount>(new MySqlBatchSink<UpsertAccount>(table.DataSource, table.Describe(UpsertAccountFlow.Table)), options))
        {
            var producer = Task.Run(async () =>
            {
                for (var id = 1L; id <= total; id++)
                {
                    await flow.SubmitAsync(new UpsertAccount(id, "r", (int)(id % 1000)));
                }
            });

            // Once a part is stored, stop the server for a second while batches are in flight, then start it again.
            await using (var probe = new MySqlConnection(TestDatabase.ConnectionString))
            {
                await probe.OpenAsync();
                var deadline = DateTime.UtcNow.AddMinutes(1);
                while (DateTime.UtcNow < deadline && Convert.ToInt64(await new MySqlCommand($"SELECT COUNT(*) FROM {table.Quoted}", probe).ExecuteScalarAsync()) < 20_000)
                {
                    await Task.Delay(10);
                }
            }

            await ServerControl.RestartAsync(TimeSpan.FromSeconds(1));
            await producer.WaitAsync(TimeSpan.FromMinutes(2));
        }

        await AssertStoredOnceOrReportedAsync(table, total, failures, "server restarted once");
    }

    /// <summary>Retries enough to outlast a restart (about 30 s of backoff), batches of 2,000.</summary>
    private static (BatchFlowOptions<T> Options, ConcurrentQueue<BatchFailure<T>> Failures) Options<T>()
    {
        var failures = new ConcurrentQueue<BatchFailure<T>>();
        var options = new BatchFlowOptions<T>
        {
            FlushSize = 2_000,
            LingerTime = TimeSpan.FromMilliseconds(20),
            MaxAttempts = 40,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        };
        return (options, failures);
    }

    private async Task AssertStoredOnceOrReportedAsync<T>(TestTable table, long submitted, ConcurrentQueue<BatchFailure<T>> failures, string what)
        where T : notnull
    {
        var stored = (await TestDatabase.QueryAsync($"SELECT id FROM {table.Quoted}", r => r.GetInt64(0))).ToHashSet();
        var reported = failures.SelectMany(f => f.Rows.Select(r => (Id: (long)typeof(T).GetProperty("Id")!.GetValue(r)!, f.Exception))).ToList();
        var reportedIds = reported.Select(r => r.Id).ToHashSet();
        var lost = Enumerable.Range(1, (int)submitted).Select(i => (long)i).Where(id => !stored.Contains(id) && !reportedIds.Contains(id)).Take(10).ToList();
        var storedSum = stored.Aggregate(0m, (sum, id) => sum + id);
        var reportedOnly = reportedIds.Where(id => !stored.Contains(id)).ToList();
        var reasons = reported.GroupBy(r => Describe(r.Exception)).Select(g => $"{g.Count()} × {g.Key}");
        output.WriteLine(
            $"{what}: {submitted} submitted, {stored.Count} stored, {reported.Count} reported ({reportedIds.Count(stored.Contains)} of them stored too, " +
            $"{reportedOnly.Count} not stored): {string.Join("; ", reasons)}");

        Assert.Empty(lost);
        Assert.Equal(submitted, stored.Count + reportedOnly.Count);
        Assert.Equal((decimal)submitted * (submitted + 1) / 2, storedSum + reportedOnly.Aggregate(0m, (sum, id) => sum + id));
        Assert.True(stored.All(id => id >= 1 && id <= submitted), "A key that was never submitted is stored.");
    }

    private static string Describe(Exception exception) =>
        ExceptionChain.Find<MySqlException>(exception) is { } server ? $"MySqlException {server.Number} ({server.Message})" : $"{exception.GetType().Name} ({exception.Message})";
}
