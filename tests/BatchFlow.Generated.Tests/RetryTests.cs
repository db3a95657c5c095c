using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class RetryTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    /// <summary>The default backoff (100 ms, doubling, up to 5 s) on a fake clock that the test moves.</summary>
    private BatchFlowOptions OnFakeClock(int maxAttempts = 5) => new()
    {
        FlushSize = 10,
        MaxAttempts = maxAttempts,
        TimeProvider = _time,
    };

    [Fact]
    public async Task A_retry_waits_its_backoff_on_the_flows_clock()
    {
        // Each attempt notes the fake time it ran at; the clock moves 1 ms at a time until the batch is written.
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        var sink = new TestSink
        {
            OnWrite = (_, _) =>
            {
                attempts.Enqueue(_time.GetUtcNow());
                return attempts.Count == 1 ? throw new TransientTestException("blip") : ValueTask.CompletedTask;
            },
        };
        var options = OnFakeClock();
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        var flow = new BatchFlow<Item>(sink, options);
        try
        {
            foreach (var item in Items.Range(1, 10))
            {
                await flow.SubmitAsync(item);
            }

            await FakeClock.WhenReaderWaitsAsync(flow);
            await FakeClock.RunAsync(_time, flow.FlushAsync(), TimeSpan.FromMilliseconds(1));
        }
        finally
        {
            // Never leave a retry waiting on a clock nobody moves: completion would wait for it forever.
            await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(1));
        }

        // The first retry waits between half and all of the base delay (50 to 100 ms), plus at most a step or two the
        // clock moved between the failure and the start of the wait.
        var times = attempts.ToArray();
        Assert.Equal(2, times.Length);
        Assert.InRange(times[1] - times[0], TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(110));
        Assert.Equal(10, sink.Committed.Count());
    }

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
        var flow = new BatchFlow<Item>(sink, OnFakeClock());
        foreach (var item in Items.Range(1, 10))
        {
            await flow.SubmitAsync(item);
        }

        await FakeClock.WhenReaderWaitsAsync(flow);
        await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(100));

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
            TimeProvider = _time,
            OnFailure = f => { lock (failures) { failures.Add(f); } return ValueTask.CompletedTask; },
        };
        var flow = new BatchFlow<Item>(sink, options);
        foreach (var item in Items.Range(1, 8))
        {
            await flow.SubmitAsync(item);
        }

        await FakeClock.WhenReaderWaitsAsync(flow);
        await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(100));

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
        var options = OnFakeClock();
        options.FlushSize = 1;
        options.FlushTimeout = TimeSpan.FromMilliseconds(100);
        var flow = new BatchFlow<Item>(sink, options);
        await flow.SubmitAsync(new Item(1, "slow"));

        // The first attempt waits for its token; only the fake clock passing FlushTimeout cancels it.
        try
        {
            await WhenCallsAsync(sink, 1);
            Assert.Empty(sink.Committed);
        }
        finally
        {
            await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(50));
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

    private static async Task WhenCallsAsync(TestSink sink, int calls)
    {
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (sink.Calls < calls)
        {
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(30), $"The sink was called {sink.Calls} times, not {calls}.");
            await Task.Delay(1);
        }
    }
}
