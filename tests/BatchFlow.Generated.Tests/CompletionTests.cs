using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class CompletionTests
{
    [Fact]
    public async Task DisposeAsync_returns_only_after_writes_in_flight_finish_and_loses_nothing()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink
        {
            OnWrite = async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
            },
        };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 10, MaxConcurrentFlushes = 2 });
        foreach (var item in Items.Range(1, 95))
        {
            await flow.SubmitAsync(item);
        }

        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var disposing = flow.DisposeAsync().AsTask();
        await Task.Delay(100);
        Assert.False(disposing.IsCompleted, "DisposeAsync must wait for the write in flight.");
        Assert.False(sink.Disposed);

        release.SetResult();
        await disposing;
        Assert.True(flow.Completion.IsCompletedSuccessfully);
        Assert.True(sink.Disposed);
        Assert.Equal(Enumerable.Range(1, 95).Select(i => (long)i), sink.Committed.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task FlushAsync_returns_when_every_row_accepted_before_it_is_committed()
    {
        var sink = new TestSink { OnWrite = async (_, ct) => await Task.Delay(5, ct) };
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 7, LingerTime = TimeSpan.FromHours(1) });
        foreach (var item in Items.Range(1, 50))
        {
            await flow.SubmitAsync(item);
        }

        await flow.FlushAsync();
        Assert.Equal(50, sink.Committed.Count());
    }

    [Fact]
    public async Task Eight_concurrent_producers_lose_and_duplicate_nothing()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 1_000, FlushSize = 500 });
        const int producers = 8, perProducer = 50_000;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await flow.SubmitAsync(new Item(((long)p * perProducer) + i, "p"));
            }
        })));

        await flow.DisposeAsync();
        var ids = sink.Committed.Select(i => i.Id).ToArray();
        Assert.Equal(producers * perProducer, ids.Length);
        Assert.Equal(producers * perProducer, ids.Distinct().Count());
    }

    [Fact]
    public async Task CompleteAsync_is_idempotent_and_Completion_ends_with_it()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink);
        await flow.SubmitAsync(new Item(1, "a"));
        var first = flow.CompleteAsync();
        var second = flow.CompleteAsync();
        Assert.Same(first, second);
        Assert.Same(flow.Completion, first);
        await first;
        await flow.DisposeAsync();
        Assert.Single(sink.Committed);
    }

    [Fact]
    public async Task FlushAsync_after_completion_waits_for_completion_instead_of_failing()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink);
        await flow.SubmitAsync(new Item(1, "a"));
        _ = flow.CompleteAsync();
        await flow.FlushAsync();
        Assert.Single(sink.Committed);
    }
}
