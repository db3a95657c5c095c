using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace BatchFlow;

/// <summary>Delivery-confirmed submit: a row's caller waits until the batch holding it is committed (ADR 0012).</summary>
public partial class BatchFlow<T>
{
    private ReceiptPool? _receipts;

    /// <summary>
    /// Enqueues a row, like <see cref="SubmitAsync"/>, and completes once it is committed: group commit, for callers
    /// (an HTTP handler, say) that must know their row is stored. Concurrent callers share batches, so a thousand
    /// waiting requests cost a few commits, not a thousand; the rows of one batch complete together, after its commit.
    /// Mixes freely with <see cref="SubmitAsync"/> and bulk submits on the same flow.
    /// </summary>
    /// <remarks>
    /// <para>A row collapsed with a later (or, under <see cref="Conflict.Ignore"/>, an earlier) row of the same key in
    /// its batch completes with the outcome of the row that was written in its place; a row that
    /// <see cref="Conflict.Ignore"/> leaves out because its key already exists completes as committed, as the
    /// database reports no error for it.</para>
    /// <para>A row that fails for good (the database refused it, after the flow isolated it from the rest of its batch,
    /// which is committed; transient errors that outlasted every retry; the shutdown deadline) throws a
    /// <see cref="BatchDeliveryException"/> carrying the database's error. The failure handler
    /// (<see cref="BatchFlowOptions{T}.OnFailure"/>) sees the row as well; without a handler, such a row does not count
    /// as lost at completion, as its caller was told.</para>
    /// <para>Cancelling <paramref name="cancellationToken"/> ends the wait, never the row: once accepted, a row stays in
    /// the flow and is written or reported as any other. The call then throws a
    /// <see cref="BatchSubmitCanceledException"/> whose <see cref="BatchSubmitCanceledException.Accepted"/> is 1; it
    /// is 0 when the token was cancelled while the row waited for room, and the row was not enqueued.</para>
    /// <para>Waiting costs no allocation in steady state: completions are pooled per flow. Await the returned
    /// <see cref="ValueTask"/> once, as any <see cref="ValueTask"/>.</para>
    /// </remarks>
    /// <param name="row">The row.</param>
    /// <param name="cancellationToken">Ends the wait (see remarks).</param>
    /// <exception cref="BatchDeliveryException">The row failed for good; its inner exception is the database's error.</exception>
    /// <exception cref="BatchSubmitCanceledException">The token was cancelled (see remarks).</exception>
    /// <exception cref="BatchFlowCompletedException">The flow has been completed or disposed before it accepted the row.</exception>
    public ValueTask SubmitAndWaitAsync(T row, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _instruments.Rejected.Add(1, _tags.Cancelled);
            return ValueTask.FromException(NotAccepted(null, cancellationToken));
        }

        ThrowIfCompleting();
        var receipt = Receipts.Rent();
        var item = new QueueItem<T>(row, receipt, Stamp());
        if (!_budget.TryTakeOne())
        {
            return SubmitAndWaitSlowAsync(item, receipt, cancellationToken);
        }

        if (!_queue.Writer.TryWrite(item))
        {
            receipt.Abandon();
            return ValueTask.FromException(RefuseCompleted(1));
        }

        _instruments.Submitted.Add(1, _tags.Common);
        return Wait(receipt, cancellationToken);
    }

    /// <summary>The flow's receipt pool, created by the first confirmed submit (a flow that never confirms holds none).</summary>
    private ReceiptPool Receipts
    {
        get
        {
            var pool = Volatile.Read(ref _receipts);
            if (pool is null)
            {
                // At most what the queue and the writes in flight can hold; more waiters than that leave theirs to the GC.
                var created = new ReceiptPool(_settings.Capacity + (_settings.FlushSize * _settings.MaxConcurrentFlushes));
                pool = Interlocked.CompareExchange(ref _receipts, created, null) ?? created;
            }

            return pool;
        }
    }

    private static ValueTask Wait(RowReceipt receipt, CancellationToken cancellationToken)
    {
        var version = receipt.Version;
        receipt.CancelWaitWith(cancellationToken);
        return new ValueTask(receipt, version);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SubmitAndWaitSlowAsync(QueueItem<T> item, RowReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            await _budget.TakeAsync(1, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            receipt.Abandon();
            _instruments.Rejected.Add(1, _tags.Completed);
            throw CompletedError(exception);
        }
        catch (OperationCanceledException cancelled)
        {
            receipt.Abandon();
            _instruments.Rejected.Add(1, _tags.Cancelled);
            throw NotAccepted(cancelled, cancellationToken);
        }

        if (!_queue.Writer.TryWrite(item))
        {
            receipt.Abandon();
            throw RefuseCompleted(1);
        }

        _instruments.Submitted.Add(1, _tags.Common);
        await Wait(receipt, cancellationToken).ConfigureAwait(false);
    }

    private BatchSubmitCanceledException NotAccepted(Exception? inner, CancellationToken cancellationToken) =>
        new($"The submit of a {typeof(T).Name} row into table '{_tags.Table}' ({_tags.Provider}) was cancelled before the flow accepted the row: it was not enqueued.", accepted: 0, inner, cancellationToken);
}
