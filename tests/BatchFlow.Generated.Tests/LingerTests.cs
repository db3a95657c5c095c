using System.Collections.Concurrent;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class LingerTests
{
    [Fact]
    public async Task Linger_is_counted_from_the_first_row_of_a_batch_so_a_steady_trickle_still_flushes()
    {
        // One row every 20 ms for 600 ms of fake time against a 150 ms linger: a debounce (timer reset by each row)
        // would write nothing while rows keep coming; a maximum batch age writes at 150, 310, 470 ms, …
        var time = FakeClock.Create();
        var writes = new ConcurrentQueue<int>();
        var sink = new TestSink { OnWrite = (rows, _) => { writes.Enqueue(rows.Length); return ValueTask.CompletedTask; } };
        var options = new BatchFlowOptions { FlushSize = 10_000, LingerTime = TimeSpan.FromMilliseconds(150), TimeProvider = time };
        await using var flow = new BatchFlow<Item>(sink, options);

        for (var id = 1; id <= 30; id++)
        {
            await flow.SubmitAsync(new Item(id, "tick"));
            await FakeClock.WhenReaderWaitsAsync(flow);
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        await flow.FlushAsync();
        var batches = writes.ToArray();
        Assert.Equal(30, batches.Sum());

        // Batches start at 0, 160, 320, 480 ms and each holds the rows of its 150 ms (8 rows: 0, 20, …, 140 ms);
        // the flush writes the last, partial one.
        Assert.Equal([8, 8, 8, 6], batches);
    }

    [Fact]
    public async Task A_partial_batch_is_written_when_its_linger_time_has_passed_and_not_before()
    {
        var time = FakeClock.Create();
        var written = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = (rows, _) => { written.TrySetResult(rows.Length); return ValueTask.CompletedTask; } };
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1_000, LingerTime = TimeSpan.FromMilliseconds(50), TimeProvider = time });

        foreach (var item in Items.Range(1, 3))
        {
            await flow.SubmitAsync(item);
        }

        await FakeClock.WhenReaderWaitsAsync(flow);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(0, sink.Calls);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, await written.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_full_batch_is_written_without_waiting_for_linger()
    {
        var written = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = (rows, _) => { written.TrySetResult(rows.Length); return ValueTask.CompletedTask; } };
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 4, LingerTime = TimeSpan.FromHours(1) });

        foreach (var item in Items.Range(1, 4))
        {
            await flow.SubmitAsync(item);
        }

        Assert.Equal(4, await written.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
