using System.Collections.Concurrent;
using System.Diagnostics;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class LingerTests
{
    [Fact]
    public async Task Linger_is_counted_from_the_first_row_of_a_batch_so_a_steady_trickle_still_flushes()
    {
        // One row every 20 ms for 1.5 s against a 150 ms linger: a debounce (timer reset by each row) would never
        // fire during the trickle; a maximum batch age writes about every 150 ms.
        var writes = new ConcurrentQueue<int>();
        var sink = new TestSink { OnWrite = (rows, _) => { writes.Enqueue(rows.Length); return ValueTask.CompletedTask; } };
        var options = new BatchFlowOptions { FlushSize = 10_000, LingerTime = TimeSpan.FromMilliseconds(150) };
        await using var flow = new BatchFlow<Item>(sink, options);

        var clock = Stopwatch.StartNew();
        var id = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            await flow.SubmitAsync(new Item(++id, "tick"));
            await Task.Delay(20);
        }

        var writesDuringTrickle = writes.Count;
        Assert.True(writesDuringTrickle >= 3, $"expected batches to be written while rows kept arriving, saw {writesDuringTrickle}");
        Assert.True(writes.Max() < id, "no single batch may hold the whole trickle");
        await flow.FlushAsync();
        Assert.Equal(id, sink.Committed.Count());
    }

    [Fact]
    public async Task A_partial_batch_is_written_after_linger_without_any_flush_call()
    {
        var written = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = (rows, _) => { written.TrySetResult(rows.Length); return ValueTask.CompletedTask; } };
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1_000, LingerTime = TimeSpan.FromMilliseconds(50) });

        foreach (var item in Items.Range(1, 3))
        {
            await flow.SubmitAsync(item);
        }

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
