using BatchFlow.Tests.Support;
using Microsoft.Extensions.Logging;

namespace BatchFlow.Tests;

/// <summary>What a flow tells its logger: each failure path once, with the table and provider named.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Retries_rows_failed_without_a_handler_and_a_completion_with_loss_are_logged()
    {
        var logs = new CapturingLoggerFactory();
        var blips = 1;
        var sink = new TestSink
        {
            OnWrite = (rows, _) =>
            {
                if (Interlocked.Exchange(ref blips, 0) == 1)
                {
                    throw new TransientTestException("blip");
                }

                return rows.Any(r => r.Id == 2) ? throw new PermanentTestException("bad row 2") : ValueTask.CompletedTask;
            },
        };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 4, RetryBaseDelay = TimeSpan.Zero, LoggerFactory = logs });
        foreach (var item in Items.Range(1, 4))
        {
            await flow.SubmitAsync(item);
        }

        await Assert.ThrowsAsync<BatchFlowException>(() => flow.CompleteAsync());

        Assert.All(logs.Entries, e => Assert.Equal("BatchFlow", e.Category));
        var retry = Assert.Single(logs.Entries, e => e.Event.Id == 1);
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.IsType<TransientTestException>(retry.Exception);
        Assert.Contains(sink.Table.Name, retry.Message, StringComparison.Ordinal);
        var lost = Assert.Single(logs.Entries, e => e.Event.Id == 2);
        Assert.Equal(LogLevel.Error, lost.Level);
        Assert.IsType<PermanentTestException>(lost.Exception);
        var completed = Assert.Single(logs.Entries, e => e.Event.Id == 4);
        Assert.Contains("1 row(s) lost: 3 written, 1 failed, 0 dead-lettered of 4 accepted", completed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_handler_that_throws_is_logged_with_its_exception()
    {
        var logs = new CapturingLoggerFactory();
        var sink = new TestSink { OnWrite = (_, _) => throw new PermanentTestException("no") };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            FlushSize = 1,
            LoggerFactory = logs,
            OnFailure = _ => throw new InvalidOperationException("handler bug"),
        });
        await flow.SubmitAsync(new Item(1, "a"));
        await Assert.ThrowsAsync<BatchFlowException>(() => flow.CompleteAsync());

        var threw = Assert.Single(logs.Entries, e => e.Event.Id == 3);
        Assert.Equal("handler bug", threw.Exception?.Message);
    }

    [Fact]
    public async Task A_clean_completion_is_logged_at_information_with_the_counts()
    {
        var logs = new CapturingLoggerFactory();
        await using (var flow = new BatchFlow<Item>(new TestSink(), new BatchFlowOptions { LoggerFactory = logs }))
        {
            foreach (var item in Items.Range(1, 3))
            {
                await flow.SubmitAsync(item);
            }
        }

        var done = Assert.Single(logs.Entries);
        Assert.Equal((9, LogLevel.Information), (done.Event.Id, done.Level));
        Assert.Contains("3 row(s) written, 0 failed, 0 dead-lettered of 3 accepted", done.Message, StringComparison.Ordinal);
    }
}
