using System.Collections.Concurrent;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>Confirmed submit through a sink that names its failed rows (<see cref="IRowOutcomeSink{T}"/>, e.g. Redis).</summary>
public sealed class ConfirmedRowOutcomeTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    [Fact]
    public async Task Each_confirmed_row_gets_its_own_outcome_a_transient_one_after_its_retry()
    {
        var sink = new RowOutcomeTestSink
        {
            RowError = (row, delivery) => row.Id switch
            {
                3 => new PermanentTestException("WRONGTYPE"),
                5 when delivery == 1 => new TransientTestException("reply lost"),
                _ => null,
            },
        };
        var failures = new ConcurrentQueue<BatchFailure<Item>>();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            FlushSize = 8,
            TimeProvider = _time,
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        });

        var waits = Items.Range(1, 8).Select(row => flow.SubmitAndWaitAsync(row).AsTask()).ToArray();

        // The retry of row 5 waits its backoff on the fake clock.
        await FakeClock.RunAsync(_time, Task.WhenAll(waits.Where((_, i) => i != 2)), TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<BatchDeliveryException>(() => waits[2]);
        Assert.Equal("WRONGTYPE", error.InnerException!.Message);
        Assert.Equal(BatchDeliveryFailure.Refused, error.Reason);
        Assert.Equal(3, Assert.Single(Assert.Single(failures).Rows).Id);
        Assert.Equal([5L], sink.Calls.Last().Select(r => r.Id));
        Assert.Equal(Enumerable.Range(1, 8).Where(i => i != 3).Select(i => (long)i), sink.Applied.Select(r => r.Id).Order());
        await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(50));
    }
    [Fact]
    public async Task Receipts_follow_their_rows_through_key_collapsing_and_retries()
    {
        var sink = new RowOutcomeTestSink
        {
            Table = Items.Table(Conflict.Update),
            RowError = (row, delivery) => row.Id switch
            {
                3 => new PermanentTestException("OOM"),
                2 when delivery == 1 => new TransientTestException("reply lost"),
                _ => null,
            },
        };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item> { FlushSize = 5, TimeProvider = _time, OnFailure = _ => ValueTask.CompletedTask });

        // Collapsed, the batch is [2a, 1b, 3a, 4a] behind the first row's slot; 1a completes with 1b.
        var rows = new[] { new Item(1, "a"), new Item(2, "a"), new Item(1, "b"), new Item(3, "a"), new Item(4, "a") };
        var waits = rows.Select(row => flow.SubmitAndWaitAsync(row).AsTask()).ToArray();

        await FakeClock.RunAsync(_time, Task.WhenAll(waits[0], waits[1], waits[2], waits[4]), TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<BatchDeliveryException>(() => waits[3]);
        Assert.Equal("OOM", error.InnerException!.Message);
        Assert.Equal([2L], sink.Calls.Last().Select(r => r.Id));
        Assert.Equal(["1:b", "2:a", "4:a"], sink.Applied.Select(r => $"{r.Id}:{r.Name}").Order());
        await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(50));
    }
}
