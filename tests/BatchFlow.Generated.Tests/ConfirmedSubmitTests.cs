using System.Collections.Concurrent;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>
/// <see cref="BatchFlow{T}.SubmitAndWaitAsync"/>: the wait ends once the row's batch is committed, with the database's
/// error when the row failed for good, and never takes an accepted row back.
/// </summary>
public sealed class ConfirmedSubmitTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    private static (TestSink Sink, TaskCompletionSource Release, TaskCompletionSource Entered) GatedSink(TableDescription<Item>? table = null)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink(table)
        {
            OnWrite = async (_, token) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(token);
            },
        };
        return (sink, release, entered);
    }

    private BatchFlowOptions<Item> Options(int flushSize, ConcurrentQueue<BatchFailure<Item>>? failures = null) => new()
    {
        FlushSize = flushSize,
        TimeProvider = _time,
        OnFailure = failures is null ? null : failure =>
        {
            failures.Enqueue(failure);
            return ValueTask.CompletedTask;
        },
    };

    [Fact]
    public async Task The_wait_ends_only_after_the_batch_holding_the_row_is_committed()
    {
        var (sink, release, entered) = GatedSink();
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 3));

        var waits = Items.Range(1, 3).Select(row => flow.SubmitAndWaitAsync(row).AsTask()).ToArray();
        await entered.Task;

        Assert.All(waits, wait => Assert.False(wait.IsCompleted, "A row's wait must not end while its batch is being written."));
        Assert.Empty(sink.Committed);

        release.SetResult();
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([1L, 2, 3], sink.Committed.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_poison_row_throws_the_sinks_error_while_the_rest_of_its_batch_commits_and_OnFailure_sees_it()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id == 7) ? throw new PermanentTestException("CHECK constraint failed: id <> 7") : ValueTask.CompletedTask };
        var failures = new ConcurrentQueue<BatchFailure<Item>>();
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 20, failures));

        var waits = Items.Range(1, 20).Select(row => flow.SubmitAndWaitAsync(row).AsTask()).ToArray();
        var poison = waits[6];
        var error = await Assert.ThrowsAsync<BatchDeliveryException>(() => poison).WaitAsync(TimeSpan.FromSeconds(30));

        var cause = Assert.IsType<PermanentTestException>(error.InnerException);
        Assert.Equal("CHECK constraint failed: id <> 7", cause.Message);
        Assert.Contains("CHECK constraint failed: id <> 7", error.Message, StringComparison.Ordinal);
        Assert.Equal((sink.Table.Name, "test", 1), (error.TableName, error.ProviderName, error.Attempts));
        Assert.Equal(BatchDeliveryFailure.Refused, error.Reason);
        await Task.WhenAll(waits.Where(w => w != poison)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, 20).Where(i => i != 7).Select(i => (long)i), sink.Committed.Select(r => r.Id).Order());
        Assert.Equal(7, Assert.Single(Assert.Single(failures).Rows).Id);
    }

    [Fact]
    public async Task A_thousand_concurrent_waits_share_one_batch()
    {
        var sink = new TestSink();
        using var metrics = new MetricCollector(sink.Table.Name);
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 1_000));

        // The fake clock never moves, so only a full batch is written: the thousand waits can only end together.
        var waits = Items.Range(1, 1_000).Select(row => Task.Run(async () => await flow.SubmitAndWaitAsync(row))).ToArray();
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, sink.Calls);
        Assert.Equal(1_000, Assert.Single(sink.Batches).Length);
        Assert.Equal([1_000.0], metrics.Values(BatchFlowTelemetry.BatchSize));
    }

    [Fact]
    public async Task Confirmed_and_plain_rows_mix_in_one_batch_and_a_plain_poison_row_does_not_fail_a_confirmed_one()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id == 2) ? throw new PermanentTestException("bad row 2") : ValueTask.CompletedTask };
        var failures = new ConcurrentQueue<BatchFailure<Item>>();
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 4, failures));

        await flow.SubmitAsync(new Item(1, "plain"));
        await flow.SubmitAsync(new Item(2, "plain poison"));
        var confirmed = flow.SubmitAndWaitAsync(new Item(3, "confirmed")).AsTask();
        await flow.SubmitAsync(new Item(4, "plain"));

        await confirmed.WaitAsync(TimeSpan.FromSeconds(30));
        await flow.FlushAsync();
        Assert.Equal([1L, 3, 4], sink.Committed.Select(r => r.Id).Order());
        Assert.Equal(2, Assert.Single(Assert.Single(failures).Rows).Id);
    }

    [Theory]
    [InlineData(Conflict.Update)]
    [InlineData(Conflict.Ignore)]
    public async Task Rows_collapsed_by_their_key_complete_with_the_outcome_of_the_row_written_in_their_place(Conflict conflict)
    {
        var failing = false;
        var sink = new TestSink(Items.Table(conflict)) { OnWrite = (rows, _) => failing && rows.Any(r => r.Id == 1) ? throw new PermanentTestException("key 1 refused") : ValueTask.CompletedTask };
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 4));

        var committed = new[] { new Item(1, "a"), new Item(2, "a"), new Item(1, "b"), new Item(1, "c") }.Select(r => flow.SubmitAndWaitAsync(r).AsTask()).ToArray();
        await Task.WhenAll(committed).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Assert.Single(sink.Batches).Length);

        failing = true;
        var refused = new[] { new Item(1, "d"), new Item(2, "b"), new Item(1, "e"), new Item(3, "a") }.Select(r => flow.SubmitAndWaitAsync(r).AsTask()).ToArray();
        var first = await Assert.ThrowsAsync<BatchDeliveryException>(() => refused[0]).WaitAsync(TimeSpan.FromSeconds(30));
        var second = await Assert.ThrowsAsync<BatchDeliveryException>(() => refused[2]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(first, second);
        Assert.Equal("key 1 refused", first.InnerException!.Message);
        await Task.WhenAll(refused[1], refused[3]).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cancelling_the_wait_leaves_the_accepted_row_in_the_flow_and_it_is_written()
    {
        var (sink, release, entered) = GatedSink();
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 1));
        using var stop = new CancellationTokenSource();

        var wait = flow.SubmitAndWaitAsync(new Item(1, "kept"), stop.Token).AsTask();
        await entered.Task;
        await stop.CancelAsync();

        var cancelled = await Assert.ThrowsAsync<BatchSubmitCanceledException>(() => wait).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, cancelled.Accepted);
        Assert.Equal(stop.Token, cancelled.CancellationToken);
        release.SetResult();
        await flow.CompleteAsync();
        Assert.Equal(1, Assert.Single(sink.Committed).Id);
        Assert.Equal(1, flow.GetStatus().Written);
    }

    [Fact]
    public async Task A_wait_cancelled_while_the_queue_is_full_never_enqueues_the_row()
    {
        var (sink, release, entered) = GatedSink();
        var options = Options(flushSize: 1);
        options.Capacity = 1;
        options.MaxConcurrentFlushes = 1;
        var flow = new BatchFlow<Item>(sink, options);
        using var stop = new CancellationTokenSource();

        // Row 1 is being written, row 2 waits in the reader for a write slot, row 3 fills the queue.
        await flow.SubmitAsync(new Item(1, "written"));
        await entered.Task;
        await flow.SubmitAsync(new Item(2, "held"));
        await flow.SubmitAsync(new Item(3, "queued"));
        var wait = flow.SubmitAndWaitAsync(new Item(4, "never"), stop.Token).AsTask();
        Assert.False(wait.IsCompleted);
        await stop.CancelAsync();

        var cancelled = await Assert.ThrowsAsync<BatchSubmitCanceledException>(() => wait).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, cancelled.Accepted);
        release.SetResult();
        await flow.CompleteAsync();
        Assert.Equal([1L, 2, 3], sink.Committed.Select(r => r.Id).Order());
        Assert.Equal(3, flow.GetStatus().Accepted);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_is_refused_at_once_and_nothing_is_enqueued()
    {
        var sink = new TestSink();
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 1));

        var cancelled = await Assert.ThrowsAsync<BatchSubmitCanceledException>(() => flow.SubmitAndWaitAsync(new Item(1, "x"), new CancellationToken(canceled: true)).AsTask());

        Assert.Equal(0, cancelled.Accepted);
        await flow.CompleteAsync();
        Assert.Equal(0, flow.GetStatus().Accepted);
    }

    [Fact]
    public async Task A_completed_flow_refuses_a_confirmed_row()
    {
        var flow = new BatchFlow<Item>(new TestSink(), Options(flushSize: 1));
        await flow.CompleteAsync();

        await Assert.ThrowsAsync<BatchFlowCompletedException>(() => flow.SubmitAndWaitAsync(new Item(1, "late")).AsTask());
    }

    [Fact]
    public async Task A_confirmed_row_left_at_the_shutdown_deadline_throws_with_the_deadline_as_its_cause()
    {
        var (sink, _, entered) = GatedSink();
        var failures = new ConcurrentQueue<BatchFailure<Item>>();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            FlushSize = 1,
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        });
        var wait = flow.SubmitAndWaitAsync(new Item(1, "stalled")).AsTask();
        await entered.Task;
        using var deadline = new CancellationTokenSource();
        var completing = flow.CompleteAsync(deadline.Token);

        await deadline.CancelAsync();
        var error = await Assert.ThrowsAsync<BatchDeliveryException>(() => wait).WaitAsync(TimeSpan.FromSeconds(30));
        await completing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsType<BatchFlowDeadlineException>(error.InnerException);
        Assert.Equal(BatchDeliveryFailure.Deadline, error.Reason);
        Assert.Equal(1, Assert.Single(Assert.Single(failures).Rows).Id);
    }

    [Fact]
    public async Task Without_a_failure_handler_a_failure_told_to_its_caller_is_not_counted_lost_but_a_plain_one_is()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id is 1 or 2) ? throw new PermanentTestException("refused") : ValueTask.CompletedTask };
        var told = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1 });
        await Assert.ThrowsAsync<BatchDeliveryException>(() => told.SubmitAndWaitAsync(new Item(1, "confirmed")).AsTask());
        await told.CompleteAsync();
        Assert.Equal(1, told.GetStatus().Failed);

        var untold = new BatchFlow<Item>(new TestSink { OnWrite = sink.OnWrite }, new BatchFlowOptions { FlushSize = 1 });
        await untold.SubmitAsync(new Item(2, "plain"));
        var lost = await Assert.ThrowsAsync<BatchFlowException>(() => untold.CompleteAsync());
        Assert.Equal(1, lost.FailedRows);
    }

    [Fact]
    public async Task Receipts_are_reused_so_sequential_waits_on_one_flow_keep_working()
    {
        var sink = new TestSink();
        await using var flow = new BatchFlow<Item>(sink, Options(flushSize: 1));

        for (var i = 1; i <= 200; i++)
        {
            await flow.SubmitAndWaitAsync(new Item(i, "again")).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(i, sink.Batches.Count);
        }
    }
}
