using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchFlow.Hosting.Tests;

/// <summary>
/// One flow whose rows all fail for good (a CHECK constraint) and that has no failure handler: the other flow still
/// stores every row, neither the host's stop nor its disposal throws, and the failure is logged.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private const int GoodRows = 2_000;
    private const int BadRows = 20;
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_flow_whose_rows_all_fail_costs_the_other_flow_no_row_and_the_host_no_clean_stop()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHost.CreateBuilder(logs);
        builder.Services.AddBatchFlow((_, options) => ScoreFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        var host = builder.Build();
        await host.StartAsync();
        var scores = host.Services.GetRequiredService<ScoreFlow>();
        var events = host.Services.GetRequiredService<EventFlow>();
        await SubmitAllAsync(scores, events);

        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();

        Assert.Equal(GoodRows, _database.Count("events"));
        Assert.Equal(0, _database.Count("scores"));
        Assert.IsType<BatchFlowException>(scores.Completion.Exception?.InnerException);
        Assert.True(events.Completion.IsCompletedSuccessfully);

        // The flow logs through the host's logger factory, and the lifetime logs how the flow ended.
        Assert.Contains(logs.Entries, e => e is { Category: "BatchFlow", Level: LogLevel.Error } && e.Message.Contains("'scores'", StringComparison.Ordinal));
        var outcome = Assert.Single(logs.Entries, e => e is { Category: "BatchFlow.Hosting", Level: LogLevel.Error });
        Assert.Contains("'scores'", outcome.Message, StringComparison.Ordinal);
        Assert.Contains($"{BadRows} failed", outcome.Message, StringComparison.Ordinal);
        Assert.IsType<BatchFlowException>(outcome.Exception);
    }

    [Fact]
    public async Task A_failing_flow_registered_as_an_instance_without_a_logger_is_logged_by_the_lifetime()
    {
        var logs = new CapturingLoggerProvider();
        var scores = ScoreFlow.Sqlite(_database.ConnectionString, TestHost.HoldingRows());
        var events = EventFlow.Sqlite(_database.ConnectionString, TestHost.HoldingRows());
        var builder = TestHost.CreateBuilder(logs);
        builder.Services.AddSingleton(scores).AddSingleton(events).AddBatchFlowLifetime();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            await SubmitAllAsync(scores, events);
            await host.StopAsync();
        }

        Assert.Equal(GoodRows, _database.Count("events"));
        var outcome = Assert.Single(logs.Entries, e => e is { Category: "BatchFlow.Hosting", Level: LogLevel.Error });
        Assert.Contains("'scores'", outcome.Message, StringComparison.Ordinal);
        Assert.IsType<BatchFlowException>(outcome.Exception);
        Assert.Contains(logs.Entries, e => e is { Category: "BatchFlow.Hosting", Level: LogLevel.Information } && e.Message.Contains("'events'", StringComparison.Ordinal) && e.Message.Contains($"{GoodRows} written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stop_whose_deadline_has_passed_hands_every_unwritten_row_to_the_failure_handler()
    {
        var logs = new CapturingLoggerProvider();
        var sink = new GatedSink();    // never lets a write through: the database is stalled
        var failed = 0;
        var builder = TestHost.CreateBuilder(logs);
        builder.Services.AddBatchFlow((_, options) => EventFlow.Create(sink, new BatchFlowOptions<Event>(options)
        {
            OnFailure = failure =>
            {
                Assert.IsType<BatchFlowDeadlineException>(failure.Exception);
                Interlocked.Add(ref failed, failure.Rows.Count);
                return ValueTask.CompletedTask;
            },
        }));
        using var host = builder.Build();
        using var release = sink.OpenWhenDisposed();
        await host.StartAsync();
        var flow = host.Services.GetRequiredService<EventFlow>();
        foreach (var row in Rows.Events(100))
        {
            await flow.SubmitAsync(row);
        }

        await sink.NextAttemptAsync();
        await host.StopAsync(new CancellationToken(canceled: true));

        Assert.True(flow.Completion.IsCompletedSuccessfully);
        Assert.Equal(100, failed);
        Assert.Empty(sink.Committed);
        var status = flow.GetStatus();
        Assert.Equal(status.Accepted, status.Written + status.Failed + status.DeadLettered);
        Assert.Contains(logs.Entries, e => e is { Category: "BatchFlow.Hosting", Level: LogLevel.Warning } && e.EventId.Id == 104);
    }

    private static async Task SubmitAllAsync(ScoreFlow scores, EventFlow events)
    {
        foreach (var row in Rows.BadScores(BadRows))
        {
            await scores.SubmitAsync(row);
        }

        foreach (var row in Rows.Events(GoodRows))
        {
            await events.SubmitAsync(row);
        }
    }
}
