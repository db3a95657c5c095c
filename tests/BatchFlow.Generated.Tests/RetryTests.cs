using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class RetryTests
{
    private static BatchFlowOptions Fast(int maxAttempts = 5) => new()
    {
        FlushSize = 10,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task A_transient_error_twice_then_success_commits_once_and_counts_two_retries()
    {
        var failuresLeft = 2;
        var sink = new TestSink
        {
            OnWrite = (_, _) => Interlocked.Decrement(ref failuresLeft) >= 0
                ? throw new TransientTestException("connection reset")
                : ValueTask.CompletedTask,
        };
        using var metrics = new MetricCollector(sink.Table.Name);
        await using (var flow = new BatchFlow<Item>(sink, Fast()))
        {
            foreach (var item in Items.Range(1, 10))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal(3, sink.Calls);
        Assert.Equal(10, sink.Committed.Count());
        Assert.Equal(10, sink.Committed.Select(i => i.Id).Distinct().Count());
        Assert.Equal(2, metrics.Sum(BatchFlowTelemetry.Retries));
        Assert.Equal(10, metrics.Sum(BatchFlowTelemetry.RowsWritten));
    }

    [Fact]
    public async Task A_non_transient_error_is_not_retried()
    {
        var sink = new TestSink { OnWrite = (_, _) => throw new PermanentTestException("syntax error") };
        using var metrics = new MetricCollector(sink.Table.Name);
        var failures = new List<BatchFailure<Item>>();
        var options = new BatchFlowOptions<Item> { FlushSize = 1, MaxAttempts = 5, OnFailure = f => { failures.Add(f); return ValueTask.CompletedTask; } };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            await flow.SubmitAsync(new Item(1, "a"));
        }

        Assert.Equal(1, sink.Calls);
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.Retries));
        var failure = Assert.Single(failures);
        Assert.Equal(1, failure.Attempts);
        Assert.IsType<PermanentTestException>(failure.Exception);
    }

    [Fact]
    public async Task Transient_errors_stop_after_MaxAttempts_and_the_whole_batch_is_reported_without_splitting()
    {
        var sink = new TestSink { OnWrite = (_, _) => throw new TransientTestException("server gone") };
        var failures = new List<BatchFailure<Item>>();
        var options = new BatchFlowOptions<Item>
        {
            FlushSize = 8,
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            OnFailure = f => { lock (failures) { failures.Add(f); } return ValueTask.CompletedTask; },
        };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 8))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal(3, sink.Calls);
        var failure = Assert.Single(failures);
        Assert.Equal(8, failure.Rows.Count);
        Assert.Equal(3, failure.Attempts);
    }

    [Fact]
    public async Task An_attempt_that_outlives_FlushTimeout_is_retried_as_transient()
    {
        var calls = 0;
        var sink = new TestSink
        {
            OnWrite = async (_, ct) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        var options = Fast();
        options.FlushTimeout = TimeSpan.FromMilliseconds(100);
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            await flow.SubmitAsync(new Item(1, "slow"));
        }

        Assert.Equal(2, sink.Calls);
        Assert.Single(sink.Committed);
    }

    [Fact]
    public async Task A_sink_whose_classifier_throws_gets_a_permanent_error_and_the_flow_survives()
    {
        var sink = new TestSink
        {
            OnWrite = (rows, _) => rows.Any(r => r.Id == 3) ? throw new PermanentTestException("bad row") : ValueTask.CompletedTask,
            Transient = _ => throw new InvalidOperationException("classifier bug"),
        };
        var failed = new List<long>();
        var options = new BatchFlowOptions<Item> { FlushSize = 4, OnFailure = f => { lock (failed) { failed.AddRange(f.Rows.Select(r => r.Id)); } return ValueTask.CompletedTask; } };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 8))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal([3L], failed);
        Assert.Equal(7, sink.Committed.Count());
    }
}
