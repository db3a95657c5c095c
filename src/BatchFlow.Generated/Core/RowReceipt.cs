using System.Threading.Tasks.Sources;

namespace BatchFlow;

/// <summary>
/// The completion of one delivery-confirmed row (<see cref="BatchFlow{T}.SubmitAndWaitAsync"/>): travels with the row
/// through the queue and the batch, and is settled by the writer once the row is committed or has failed for good.
/// Pooled: a receipt goes back to its <see cref="ReceiptPool"/> once both its parties are done with it, the writer
/// (after settling) and the caller (after reading the result), so steady state allocates nothing.
/// </summary>
/// <remarks>
/// Settling and cancelling the wait race for one flag: whichever comes first completes the caller's
/// <see cref="ValueTask"/>; a cancelled wait leaves the row accepted, and the writer's later outcome is dropped.
/// Continuations run asynchronously, so a writer settling a thousand receipts never runs callers' code inline, and a
/// cancellation callback never runs the caller's continuation while it holds the registration.
/// Receipts of rows collapsed into one by their key are chained through <see cref="Shared"/> and settled together.
/// </remarks>
internal sealed class RowReceipt : IValueTaskSource
{
    private readonly ReceiptPool _pool;
    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _registration;
    private int _settled;
    private int _parties;

    public RowReceipt(ReceiptPool pool)
    {
        _pool = pool;
        _core.RunContinuationsAsynchronously = true;
    }

    /// <summary>Another receipt that shares this one's outcome (a row collapsed into this one's row), or null.</summary>
    public RowReceipt? Shared { get; set; }

    /// <summary>Used by the pool's free list.</summary>
    public RowReceipt? NextFree { get; set; }

    public short Version => _core.Version;

    /// <summary>Readies a rented receipt: two parties, the writer and the caller.</summary>
    public void Arm()
    {
        _settled = 0;
        _parties = 2;
    }

    /// <summary>Makes the caller's wait end early, with a <see cref="BatchSubmitCanceledException"/>, when <paramref name="token"/> is cancelled.</summary>
    public void CancelWaitWith(CancellationToken token)
    {
        if (token.CanBeCanceled)
        {
            _registration = token.UnsafeRegister(static (state, cancelled) => ((RowReceipt)state!).CancelWait(cancelled), this);
        }
    }

    /// <summary>
    /// Settles this receipt and every receipt chained to it: success when <paramref name="error"/> is null.
    /// Returns whether any of them still had a caller waiting (a cancelled wait does not count).
    /// </summary>
    public bool Settle(Exception? error)
    {
        var told = 0;
        for (var receipt = this; receipt is not null;)
        {
            // Read the link before settling: a settled receipt may be reused at once.
            var next = receipt.Shared;
            receipt.Shared = null;
            told += receipt.SettleOne(error) ? 1 : 0;
            receipt = next;
        }

        return told > 0;
    }

    /// <summary>Gives back a rented receipt whose row was never enqueued (the caller will not wait on it).</summary>
    public void Abandon()
    {
        _registration.Dispose();
        _registration = default;
        _core.Reset();
        _pool.Return(this);
    }

    public void GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            // Unregister, not Dispose: the callback may be running on this very thread's behalf.
            _registration.Unregister();
            _registration = default;
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private bool SettleOne(Exception? error)
    {
        var first = Interlocked.Exchange(ref _settled, 1) == 0;
        if (first)
        {
            if (error is null)
            {
                _core.SetResult(true);
            }
            else
            {
                _core.SetException(error);
            }
        }

        Release();
        return first;
    }

    private void CancelWait(CancellationToken token)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _core.SetException(new BatchSubmitCanceledException(
                "The wait for the row's commit was cancelled. The row had been accepted: it stays in the flow and is written or reported as any other.",
                accepted: 1,
                innerException: null,
                token));
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _parties) == 0)
        {
            _core.Reset();
            _pool.Return(this);
        }
    }
}
