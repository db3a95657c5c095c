using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class BulkSubmitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public async Task A_million_rows_submitted_in_chunks_by_4_producers_are_each_written_once(int chunk)
    {
        const int total = 1_000_000;
        const int producers = 4;
        var rows = Enumerable.Range(0, total).Select(i => new Item(i, "r")).ToArray();
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 10_000, FlushSize = 1_000 });

        var share = total / producers;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var start = p * share; start < (p + 1) * share; start += chunk)
            {
                var length = Math.Min(chunk, ((p + 1) * share) - start);
                await flow.SubmitManyAsync(rows.AsMemory(start, length));
            }
        })));
        await flow.CompleteAsync();

        var seen = new bool[total];
        var count = 0;
        foreach (var item in sink.Committed)
        {
            Assert.False(seen[item.Id], $"Row {item.Id} was written twice.");
            seen[item.Id] = true;
            count++;
        }

        Assert.Equal(total, count);
        var status = flow.GetStatus();
        Assert.Equal(total, status.Accepted);
        Assert.Equal(total, status.Written);
        Assert.Equal(0, status.Held);
    }

    [Fact]
    public async Task A_chunk_larger_than_the_capacity_waits_and_the_flow_never_holds_more_rows_than_its_bound()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var options = new BatchFlowOptions
        {
            Capacity = 10_000,
            FlushSize = 1_000,
            MaxConcurrentFlushes = 1,
            LingerTime = TimeSpan.FromHours(1),
            TimeProvider = FakeClock.Create(),
        };
        var flow = new BatchFlow<Item>(sink, options);
        var rows = Enumerable.Range(0, 100_000).Select(i => new Item(i, "big")).ToArray();

        // Outside the queue the flow may hold one batch per write slot and the batch waiting for a slot.
        var bound = options.Capacity + (2 * options.FlushSize!.Value);

        // Queued (the rows reserved against the capacity) is one counter, so every sample is exact, while the queue
        // fills and while it drains. Held adds three counts read one after the other, exact only while nothing moves:
        // it is checked once the stalled flow has stopped taking rows.
        long maxQueued = 0;
        var sampling = true;
        var sampler = Task.Run(() =>
        {
            while (Volatile.Read(ref sampling))
            {
                maxQueued = Math.Max(maxQueued, flow.GetStatus().Queued);
            }
        });
        try
        {
            var submit = flow.SubmitManyAsync(rows).AsTask();
            await WaitUntilAsync(() => flow.GetStatus().Queued == options.Capacity && flow.RowsHeld == bound, "the queue to fill up");

            Assert.False(submit.IsCompleted, "A 100,000-row submit against a capacity of 10,000 rows must wait while the sink is stalled.");
            for (var look = 0; look < 100; look++)
            {
                var waiting = flow.GetStatus();
                Assert.Equal(options.Capacity, waiting.Queued);
                Assert.Equal(bound, waiting.Held);
                Assert.Equal(bound, waiting.Accepted);
                Assert.Equal(bound, flow.RowsHeld);
                Assert.False(submit.IsCompleted);
                await Task.Yield();
            }

            Assert.False(flow.TrySubmit(new Item(-1, "no room")), "TrySubmit must refuse while the queue is full of the chunk's rows.");

            gate.SetResult();
            await submit.WaitAsync(TimeSpan.FromSeconds(30));
            await flow.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            gate.TrySetResult();
            Volatile.Write(ref sampling, false);
            await sampler;
            await flow.DisposeAsync();
        }

        Assert.InRange(maxQueued, 1, options.Capacity);

        // One producer, one write at a time: the rows arrive in order, each once.
        Assert.Equal(rows.Select(r => r.Id), sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_cancelled_bulk_submit_reports_exactly_the_rows_it_accepted_and_only_those_are_written()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var options = new BatchFlowOptions { Capacity = 100, FlushSize = 10, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromHours(1), TimeProvider = FakeClock.Create() };
        var flow = new BatchFlow<Item>(sink, options);
        var rows = Enumerable.Range(0, 1_000).Select(i => new Item(i, "c")).ToArray();
        using var cts = new CancellationTokenSource();
        BatchSubmitCanceledException error;
        try
        {
            var submit = flow.SubmitManyAsync(rows.AsMemory(), cts.Token).AsTask();

            // Stalled: one batch in the write, one waiting for the slot, 100 rows queued.
            await WaitUntilAsync(() => flow.GetStatus().Queued == options.Capacity && flow.RowsHeld == 120, "the queue to fill up");
            Assert.False(submit.IsCompleted);
            await cts.CancelAsync();
            error = await Assert.ThrowsAsync<BatchSubmitCanceledException>(() => submit);
        }
        finally
        {
            gate.TrySetResult();
            await flow.DisposeAsync();
        }

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(120, error.Accepted);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), sink.Committed.Select(i => i.Id));
        var status = flow.GetStatus();
        Assert.Equal(120, status.Accepted);
        Assert.Equal(120, status.Written);
    }

    [Fact]
    public async Task A_bulk_submit_with_a_cancelled_token_enqueues_nothing()
    {
        var sink = new TestSink();
        await using (var flow = new BatchFlow<Item>(sink))
        {
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            var error = await Assert.ThrowsAsync<BatchSubmitCanceledException>(() => flow.SubmitManyAsync(Items.Range(1, 50).ToArray(), cancelled.Token).AsTask());
            Assert.Equal(0, error.Accepted);
            await flow.SubmitManyAsync(Items.Range(100, 2).ToArray());
        }

        Assert.Equal([100L, 101L], sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task The_caller_may_reuse_its_buffer_once_the_bulk_submit_returns()
    {
        var sink = new TestSink();
        var time = FakeClock.Create();
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1_000, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromHours(1), TimeProvider = time });
        var buffer = Items.Range(0, 300).ToArray();
        await flow.SubmitManyAsync(buffer.AsMemory());
        Array.Fill(buffer, new Item(-1, "overwritten"));

        await flow.FlushAsync();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task FlushAsync_after_a_bulk_submit_covers_all_its_rows()
    {
        var sink = new TestSink();
        var time = FakeClock.Create();
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1_000, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromHours(1), TimeProvider = time });

        await flow.SubmitManyAsync(Items.Range(0, 2_500).ToArray());
        await flow.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // Two full batches and the partial one the flush wrote; the clock never moved, so linger wrote nothing.
        Assert.Equal([1_000, 1_000, 500], sink.Batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => (long)i), sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task Linger_counts_from_the_first_row_of_a_bulk_submit()
    {
        var time = FakeClock.Create();
        var written = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = (rows, _) => { written.TrySetResult(rows.Length); return ValueTask.CompletedTask; } };
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1_000, LingerTime = TimeSpan.FromMilliseconds(50), TimeProvider = time });

        await flow.SubmitManyAsync(Items.Range(0, 30).ToArray());
        await FakeClock.WhenReaderWaitsAsync(flow);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(0, sink.Calls);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(30, await written.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_enumerable_is_submitted_in_order_each_row_once()
    {
        var sink = new TestSink();
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 1_000, FlushSize = 300, MaxConcurrentFlushes = 1 }))
        {
            // A lazy sequence (not an array): read in chunks, each enqueued before the next is read. One write at a
            // time, so the sink sees the rows in the order they were submitted.
            await flow.SubmitManyAsync(Items.Range(0, 10_007));
        }

        Assert.Equal(Enumerable.Range(0, 10_007).Select(i => (long)i), sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task An_async_enumerable_is_submitted_in_order_each_row_once()
    {
        var sink = new TestSink();
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 1_000, FlushSize = 300, MaxConcurrentFlushes = 1 }))
        {
            await flow.SubmitManyAsync(YieldingRows(0, 10_007, yieldEvery: 97));
        }

        Assert.Equal(Enumerable.Range(0, 10_007).Select(i => (long)i), sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task An_async_enumerable_that_has_no_row_ready_does_not_hold_back_the_rows_read_so_far()
    {
        var sink = new TestSink();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1_000, LingerTime = TimeSpan.FromHours(1), TimeProvider = FakeClock.Create() });

        var submit = flow.SubmitManyAsync(RowsThenWait(5, release.Task)).AsTask();
        try
        {
            await WaitUntilAsync(() => flow.GetStatus().Accepted == 5, "the 5 rows read before the source waits to be accepted");
            Assert.False(submit.IsCompleted);
        }
        finally
        {
            release.TrySetResult();
        }

        await submit.WaitAsync(TimeSpan.FromSeconds(30));
        await flow.FlushAsync();
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_channel_reader_is_drained_into_the_flow_until_it_completes()
    {
        var sink = new TestSink();
        var source = Channel.CreateBounded<Item>(64);
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 1_000, FlushSize = 300, MaxConcurrentFlushes = 1 }))
        {
            var drain = flow.SubmitAllAsync(source.Reader);
            foreach (var item in Items.Range(0, 10_007))
            {
                await source.Writer.WriteAsync(item);
            }

            source.Writer.Complete();
            await drain.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(Enumerable.Range(0, 10_007).Select(i => (long)i), sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_drain_racing_completion_loses_no_row_every_row_read_is_accepted_and_the_rest_stay_in_the_reader()
    {
        // Completion lands at a different point of the drain each round; a row read out of the source but refused by the
        // closed queue would be in neither count.
        for (var round = 0; round < 200; round++)
        {
            var sink = new TestSink();
            var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 10_000, FlushSize = 100 });
            var source = Channel.CreateUnbounded<Item>();
            foreach (var item in Items.Range(0, 3_000))
            {
                source.Writer.TryWrite(item);
            }

            source.Writer.Complete();
            var drain = Task.Run(() => flow.SubmitAllAsync(source.Reader));
            for (var spin = 0; spin < round * 50; spin++)
            {
                Thread.SpinWait(20);
            }

            await flow.CompleteAsync();
            try
            {
                await drain;
            }
            catch (BatchFlowCompletedException)
            {
                // Completed before the source was empty: the rest must still be in it.
            }

            var left = 0;
            while (source.Reader.TryRead(out _))
            {
                left++;
            }

            Assert.Equal(3_000, flow.GetStatus().Accepted + left);
            Assert.Equal(flow.GetStatus().Accepted, sink.Committed.Count());
        }
    }

    [Fact]
    public async Task A_cancelled_drain_reports_the_rows_it_accepted_and_leaves_the_rest_in_the_reader()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var options = new BatchFlowOptions { Capacity = 100, FlushSize = 10, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromHours(1), TimeProvider = FakeClock.Create() };
        var flow = new BatchFlow<Item>(sink, options);
        var source = Channel.CreateUnbounded<Item>();
        foreach (var item in Items.Range(0, 1_000))
        {
            source.Writer.TryWrite(item);
        }

        source.Writer.Complete();
        using var cts = new CancellationTokenSource();
        BatchSubmitCanceledException error;
        try
        {
            var drain = flow.SubmitAllAsync(source.Reader, cts.Token);
            await WaitUntilAsync(() => flow.GetStatus().Queued == options.Capacity && flow.RowsHeld == 120, "the queue to fill up");
            await cts.CancelAsync();
            error = await Assert.ThrowsAsync<BatchSubmitCanceledException>(() => drain);
        }
        finally
        {
            gate.TrySetResult();
            await flow.DisposeAsync();
        }

        Assert.Equal(120, error.Accepted);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), sink.Committed.Select(i => i.Id));
        var left = new List<long>();
        while (source.Reader.TryRead(out var item))
        {
            left.Add(item.Id);
        }

        Assert.Equal(Enumerable.Range(120, 880).Select(i => (long)i), left);
    }

    [Fact]
    public async Task A_completed_flow_refuses_every_bulk_submit()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink);
        await flow.SubmitManyAsync(Items.Range(1, 3).ToArray());
        await flow.CompleteAsync();

        var error = await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitManyAsync(Items.Range(10, 5).ToArray()).AsTask());
        Assert.Contains(sink.Table.Name, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Accepted);
        await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitManyAsync(Items.Range(10, 5).ToArray().AsMemory()).AsTask());
        await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitManyAsync(Items.Range(10, 5)).AsTask());
        await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitManyAsync(YieldingRows(10, 5, yieldEvery: 2)).AsTask());
        var source = Channel.CreateUnbounded<Item>();
        source.Writer.TryWrite(new Item(10, "late"));
        await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitAllAsync(source.Reader));
        Assert.Equal([1L, 2L, 3L], sink.Committed.Select(i => i.Id));
    }

    [Fact]
    public async Task A_bulk_submit_waiting_when_the_flow_completes_is_refused_and_its_accepted_rows_are_written()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink { OnWrite = async (_, _) => await gate.Task };
        var options = new BatchFlowOptions { Capacity = 100, FlushSize = 10, MaxConcurrentFlushes = 1, LingerTime = TimeSpan.FromHours(1), TimeProvider = FakeClock.Create() };
        var flow = new BatchFlow<Item>(sink, options);
        BatchFlowCompletedException error;
        Task completion;
        try
        {
            var submit = flow.SubmitManyAsync(Items.Range(0, 1_000).ToArray()).AsTask();
            await WaitUntilAsync(() => flow.GetStatus().Queued == options.Capacity && flow.RowsHeld == 120, "the queue to fill up");
            completion = flow.CompleteAsync();
            error = await Assert.ThrowsAsync<BatchFlowCompletedException>(() => submit);
        }
        finally
        {
            gate.TrySetResult();
        }

        await completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(120, error.Accepted);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), sink.Committed.Select(i => i.Id));
        var status = flow.GetStatus();
        Assert.Equal(120, status.Accepted);
        Assert.Equal(120, status.Written);
        Assert.Equal(0, status.Held);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stopping_bulk_producers_under_load_writes_exactly_the_rows_each_call_reports_accepted(bool cancel)
    {
        // Producers race the completion (or the cancellation of their token): each call ends accepted whole, or refused
        // with the count of its leading rows that went in. Written must be exactly those rows, per producer, none lost
        // or doubled.
        const int producers = 4;
        const int chunk = 333;
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 1_000, FlushSize = 200 });
        var accepted = new long[producers];
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var next = 0L;
            var buffer = new Item[chunk];
            while (true)
            {
                for (var i = 0; i < chunk; i++)
                {
                    buffer[i] = new Item((p * 100_000_000L) + next + i, "race");
                }

                try
                {
                    await flow.SubmitManyAsync(buffer.AsMemory(), stop.Token);
                    next += chunk;
                }
                catch (BatchFlowCompletedException error)
                {
                    accepted[p] = next + error.Accepted;
                    return;
                }
                catch (BatchSubmitCanceledException error)
                {
                    accepted[p] = next + error.Accepted;
                    return;
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => flow.GetStatus().Written > 50_000, "rows to be written");
        if (cancel)
        {
            await stop.CancelAsync();
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
            await flow.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            await flow.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var written = sink.Committed.Select(i => i.Id).ToLookup(id => id / 100_000_000L);
        for (var p = 0; p < producers; p++)
        {
            Assert.Equal(Enumerable.Range(0, (int)accepted[p]).Select(i => (p * 100_000_000L) + i), written[p].Order());
        }

        var status = flow.GetStatus();
        Assert.Equal(accepted.Sum(), status.Accepted);
        Assert.Equal(accepted.Sum(), status.Written);
    }

    [Fact]
    public async Task Single_rows_and_bulk_submits_mix_on_one_flow_against_a_small_queue()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { Capacity = 50, FlushSize = 64, MaxConcurrentFlushes = 1 });
        var bulk = Task.Run(async () =>
        {
            for (var start = 0; start < 50_000; start += 333)
            {
                await flow.SubmitManyAsync(Items.Range(start, Math.Min(333, 50_000 - start)).ToArray());
            }
        });
        var single = Task.Run(async () =>
        {
            for (var id = 50_000; id < 60_000; id++)
            {
                await flow.SubmitAsync(new Item(id, "one"));
            }
        });
        await Task.WhenAll(bulk, single).WaitAsync(TimeSpan.FromSeconds(60));
        await flow.CompleteAsync();

        Assert.Equal(Enumerable.Range(0, 60_000).Select(i => (long)i), sink.Committed.Select(i => i.Id).Order());
    }

    private static async IAsyncEnumerable<Item> YieldingRows(int start, int count, int yieldEvery)
    {
        for (var i = start; i < start + count; i++)
        {
            if (i % yieldEvery == 0)
            {
                await Task.Yield();
            }

            yield return new Item(i, "async");
        }
    }

    private static async IAsyncEnumerable<Item> RowsThenWait(int count, Task release, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new Item(i, "ready");
        }

        await release.WaitAsync(cancellationToken);
        yield return new Item(count, "after");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after 30 s of real time (no fixed wait decides).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Waited 30 s for {what}.");
            }

            await Task.Delay(1);
        }
    }
}
