using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class SubmitTests
{
    [Fact]
    public async Task Submitting_after_completion_throws_an_error_naming_the_flow()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink);
        await flow.SubmitAsync(new Item(1, "a"));
        await flow.CompleteAsync();

        var error = await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitAsync(new Item(2, "b")).AsTask());
        Assert.IsAssignableFrom<InvalidOperationException>(error);
        Assert.Contains(sink.Table.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("completed", error.Message, StringComparison.Ordinal);
        Assert.Throws<BatchFlowCompletedException>(() => flow.TrySubmit(new Item(3, "c")));
        Assert.Equal([1L], sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_cancelled_token_never_enqueues_the_row()
    {
        var sink = new TestSink();
        await using (var flow = new BatchFlow<Item>(sink))
        {
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.SubmitAsync(new Item(1, "never"), cancelled.Token).AsTask());
            await flow.SubmitAsync(new Item(2, "kept"));
        }

        Assert.Equal([2L], sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task Full_queue_makes_SubmitAsync_wait_and_TrySubmit_refuse_until_the_sink_drains()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var options = new BatchFlowOptions { Capacity = 10, FlushSize = 5, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromHours(1) };
        var flow = new BatchFlow<Item>(sink, options);
        try
        {
            // With the sink stalled the flow holds one full batch in the write, one waiting for a slot, and 10 queued
            // rows (no linger: only full batches leave the queue); TrySubmit refuses the 21st.
            const int accepted = 20;
            await QueueFiller.FillAsync(flow, n => new Item(n + 1, "x"), accepted);
            var id = accepted;
            var waiting = flow.SubmitAsync(new Item(++id, "waits")).AsTask();
            await Task.Delay(100);
            Assert.False(waiting.IsCompleted, "SubmitAsync must wait while the queue is full.");

            gate.SetResult();
            await waiting.WaitAsync(TimeSpan.FromSeconds(30));

            // Drained: everything accepted so far is written, so the queue is empty and TrySubmit takes a row again.
            await flow.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(flow.TrySubmit(new Item(++id, "again")));
            await flow.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(accepted + 2, sink.Committed.Count());
            Assert.Equal(accepted + 2, sink.Committed.Select(i => i.Id).Distinct().Count());
        }
        finally
        {
            // Never leave the sink stalled: a failed assertion above must end the test, not hang its dispose.
            gate.TrySetResult();
            await flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Linger_does_not_take_rows_past_the_queue_while_the_sink_is_stalled()
    {
        // A trickle against a stalled sink: every linger tick finds a small due batch. The flow may hold the queue,
        // one batch per write slot and the batch being assembled, no more, so TrySubmit must start refusing.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var options = new BatchFlowOptions { Capacity = 10, FlushSize = 5, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromMilliseconds(5) };
        var flow = new BatchFlow<Item>(sink, options);
        var accepted = 0;
        try
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                if (flow.TrySubmit(new Item(accepted + 1, "trickle")))
                {
                    accepted++;
                }

                await Task.Delay(10);
            }

            Assert.InRange(accepted, options.Capacity, options.Capacity + (2 * options.FlushSize!.Value));
        }
        finally
        {
            gate.TrySetResult();
            await flow.DisposeAsync();
        }

        Assert.Equal(Enumerable.Range(1, accepted).Select(i => (long)i), sink.Committed.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Cancelling_a_waiting_SubmitAsync_leaves_the_row_out()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 1, FlushSize = 1, MaxConcurrentFlushes = 1 });

        // The stalled sink holds one row in its write, the reader one waiting for a slot, the queue one.
        await QueueFiller.FillAsync(flow, n => new Item(n + 1, "x"), holds: 3);

        using var cts = new CancellationTokenSource();
        var waiting = flow.SubmitAsync(new Item(-1, "cancelled"), cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        gate.SetResult();
        await flow.DisposeAsync();
        Assert.DoesNotContain(sink.Committed, i => i.Id == -1);
        Assert.Equal([1L, 2L, 3L], sink.Committed.Select(i => i.Id).Order());
    }
}
