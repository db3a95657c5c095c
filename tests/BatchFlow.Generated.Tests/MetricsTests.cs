using System.Diagnostics;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Every_metric_named_in_the_design_is_emitted_with_table_and_provider_tags()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transientOnce = 1;
        var sink = new TestSink(Items.Table(Conflict.Ignore))
        {
            OnWrite = async (rows, _) =>
            {
                await gate.Task;
                if (Interlocked.Exchange(ref transientOnce, 0) == 1)
                {
                    throw new TransientTestException("blip");
                }

                if (rows.Any(r => r.Id == 7))
                {
                    throw new PermanentTestException("bad row 7");
                }
            },
        };
        using var metrics = new MetricCollector(sink.Table.Name);
        var options = new BatchFlowOptions<Item>
        {
            Capacity = 5,
            FlushSize = 10,
            MaxConcurrentFlushes = 1,
            LingerTime = TimeSpan.FromHours(1),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            OnFailure = _ => ValueTask.CompletedTask,
        };
        var flow = new BatchFlow<Item>(sink, options);
        foreach (var item in Items.Range(1, 9).Append(new Item(1, "duplicate")))
        {
            await flow.SubmitAsync(item);
        }

        // The sink is stalled on the first batch (10 rows): the reader holds the next 10 waiting for the write slot, the
        // queue 5 more, and a TrySubmit is refused. Observe the queue depth.
        const int filled = 15;
        var refused = await QueueFiller.FillAsync(flow, n => new Item(101 + n, "fill"), filled);

        metrics.ObserveGauges();
        gate.SetResult();
        await flow.DisposeAsync();

        // Batch 1 (rows 1-9 and a duplicate of 1) fails once as transient, then row 7 is isolated: 9 + 1 writes of
        // its halves; batch 2 holds the 10 rows the reader had waiting, batch 3 the 5 left in the queue.
        Assert.Equal(10 + filled, metrics.Sum(BatchFlowTelemetry.RowsSubmitted));
        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.RowsFailed));
        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.RowsDeduplicated));
        Assert.Equal(10 + filled - 2, metrics.Sum(BatchFlowTelemetry.RowsWritten));
        Assert.Equal(refused, metrics.Sum(BatchFlowTelemetry.RowsRejected, reason: "queue_full"));
        Assert.Equal(refused, metrics.Sum(BatchFlowTelemetry.RowsRejected));
        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.Retries));
        Assert.Equal([9.0, 10.0, 5.0], metrics.Values(BatchFlowTelemetry.BatchSize));
        Assert.Equal(3, metrics.Count(BatchFlowTelemetry.FlushDuration));
        Assert.Equal(3, metrics.Count(BatchFlowTelemetry.QueueWait));
        Assert.All(metrics.Values(BatchFlowTelemetry.QueueWait), wait => Assert.True(wait >= 0));

        // Observed once while the sink was stalled: 5 rows in the queue, the reader holding the next batch of 10 and
        // the stalled write its 9 (10 less the collapsed duplicate).
        Assert.Equal([24.0], metrics.Values(BatchFlowTelemetry.RowsHeld));
        Assert.Equal([1.0, -1.0, 1.0, -1.0, 1.0, -1.0], metrics.Values(BatchFlowTelemetry.WritesInFlight));
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.HandlerErrors));
        Assert.All(metrics.Measurements, m => Assert.Equal("test", m.Tags[BatchFlowTelemetry.SystemTag]));
    }

    [Fact]
    public async Task Rejections_are_counted_by_reason()
    {
        var sink = new TestSink();
        using var metrics = new MetricCollector(sink.Table.Name);
        var flow = new BatchFlow<Item>(sink);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.SubmitAsync(new Item(1, "x"), cancelled.Token).AsTask());
        await flow.CompleteAsync();
        await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitAsync(new Item(2, "y")).AsTask());

        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.RowsRejected, reason: "cancelled"));
        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.RowsRejected, reason: "completed"));
    }

    [Fact]
    public async Task Each_batch_write_is_traced_through_the_BatchFlow_activity_source()
    {
        var sink = new TestSink();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BatchFlowTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 5 }))
        {
            foreach (var item in Items.Range(1, 10))
            {
                await flow.SubmitAsync(item);
            }
        }

        List<Activity> ours;
        lock (activities)
        {
            ours = activities.Where(a => Equals(a.GetTagItem("db.collection.name"), sink.Table.Name)).ToList();
        }

        Assert.Equal(2, ours.Count);
        Assert.All(ours, a => Assert.Equal(ActivityStatusCode.Ok, a.Status));
    }
}
