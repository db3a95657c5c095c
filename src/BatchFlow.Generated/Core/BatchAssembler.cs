using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace BatchFlow;

/// <summary>
/// The flow's single reader: drains the queue into batches and hands each to the <see cref="BatchWriter{T}"/>
/// when it is full, when its linger time (counted from its first row) runs out, when a flush request reaches it
/// in the queue, or when the queue completes.
/// </summary>
/// <remarks>
/// While the queue is empty the reader "parks" its partial batch and waits on the channel without a token (a wait
/// that allocates nothing); the linger timer takes a parked batch whose deadline has passed and starts its write.
/// The handoff happens under a lock, so a batch is written by exactly one of the two. The timer starts a write only
/// once it holds a write slot, as the reader does: rows held outside the queue are bounded by one batch per slot plus
/// the batch being assembled, however long the sink stalls, so a slow sink pushes back on producers.
/// A timer tick that comes before the deadline it was set for (timers and the timestamp clock differ by a few
/// milliseconds) re-arms the timer instead of being lost.
/// The queue's capacity is the flow's <see cref="RowBudget"/>: the reader gives a row's room back once the row is in a
/// batch (a chunk's rows as they are copied in), so rows a chunk still holds count as queued.
/// </remarks>
internal sealed class BatchAssembler<T> : IDisposable
{
    private readonly ChannelReader<QueueItem<T>> _queue;
    private readonly RowBudget _budget;
    private readonly BatchWriter<T> _writer;
    private readonly FlowSettings _settings;
    private readonly ITimer _lingerTimer;
    private readonly long _lingerTicks;
    private readonly object _gate = new();
    private RowBatch<T>? _current;
    private RowBatch<T>? _parked;
    private long _openDeadline;
    private bool _timerWantsSlot;
    private bool _closed;
    private volatile bool _waitingForRows;

    public BatchAssembler(ChannelReader<QueueItem<T>> queue, RowBudget budget, BatchWriter<T> writer, FlowSettings settings)
    {
        _queue = queue;
        _budget = budget;
        _writer = writer;
        _settings = settings;
        _lingerTicks = (long)(settings.LingerTime.TotalSeconds * settings.Time.TimestampFrequency);
        _lingerTimer = settings.Time.CreateTimer(static state => ((BatchAssembler<T>)state!).OnLingerElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public async Task RunAsync()
    {
        var queue = _queue;
        var flushSize = _settings.FlushSize;
        while (true)
        {
            while (queue.TryRead(out var item))
            {
                var receipt = item.Receipt;
                if (item.IsRow || receipt is not null)
                {
                    var batch = _current ??= StartBatch(item.EnqueuedAt);
                    if (receipt is null)
                    {
                        batch.Add(item.Row);
                    }
                    else
                    {
                        batch.Add(item.Row, receipt);
                    }

                    // Given back once the row is in the batch, where the bounded channel freed its slot.
                    _budget.Return(1);
                    if (batch.Count >= flushSize || ((batch.Count & 63) == 0 && IsDue(batch)))
                    {
                        await DispatchCurrentAsync().ConfigureAwait(false);
                    }

                    continue;
                }

                if (item.Flush is { } flush)
                {
                    await DispatchCurrentAsync().ConfigureAwait(false);
                    flush.CompleteAfter(_writer.InFlight());
                    continue;
                }

                await TakeChunkAsync(item.Chunk!, item.ChunkCount, item.EnqueuedAt).ConfigureAwait(false);
            }

            // The queue is empty for now: write a batch that is due, park one that is not. The check is made under
            // the timer's lock, so a tick between the check and the parking cannot miss the batch.
            if (_current is { } partial)
            {
                bool parked;
                lock (_gate)
                {
                    parked = !IsDue(partial);
                    if (parked)
                    {
                        _parked = partial;
                    }
                }

                if (!parked)
                {
                    await DispatchCurrentAsync().ConfigureAwait(false);
                    continue;
                }

                _current = null;
            }

            _waitingForRows = true;
            var more = await queue.WaitToReadAsync().ConfigureAwait(false);
            _waitingForRows = false;
            lock (_gate)
            {
                // Null when the linger timer took the parked batch meanwhile.
                _current = _parked;
                _parked = null;
            }

            if (!more)
            {
                break;
            }
        }

        // The queue is completed and empty: write what is left. The flow then waits for every write in flight.
        await DispatchCurrentAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// True while the reader has taken every row offered so far and waits for more (its partial batch parked): the
    /// state in which only the clock, a flush or completion can start a write. Tests on a fake clock wait for it
    /// before they move the clock.
    /// </summary>
    public bool IsWaitingForRows => _waitingForRows;

    /// <summary>Rows taken from the queue into a batch not yet handed to the writer (read from any thread: a snapshot).</summary>
    public int RowsAssembling => (Volatile.Read(ref _current)?.Count ?? 0) + (Volatile.Read(ref _parked)?.Count ?? 0);

    public void Dispose()
    {
        // Under the lock: a tick running now must not re-arm a disposed timer (that would throw on the timer thread).
        lock (_gate)
        {
            _closed = true;
        }

        _lingerTimer.Dispose();
    }

    /// <summary>
    /// Copies a chunk into batches, split at the batch size, and gives the pooled array back. Its rows stay counted in
    /// the budget (as queued) until they are in a batch, so rows a chunk still holds while the reader waits for a write
    /// slot keep producers waiting, as rows still in the queue would.
    /// </summary>
    // Pooled: with a stalled sink the reader waits for a slot inside a chunk once per batch.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask TakeChunkAsync(T[] chunk, int count, long enqueuedAt)
    {
        var flushSize = _settings.FlushSize;
        var offset = 0;
        while (offset < count)
        {
            var batch = _current ??= StartBatch(enqueuedAt);
            var take = Math.Min(count - offset, flushSize - batch.Count);
            batch.AddRange(chunk.AsSpan(offset, take));
            offset += take;
            _budget.Return(take);
            if (batch.Count >= flushSize || IsDue(batch))
            {
                await DispatchCurrentAsync().ConfigureAwait(false);
            }
        }

        ArrayPool<T>.Shared.Return(chunk, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }

    private RowBatch<T> StartBatch(long firstEnqueuedAt)
    {
        var batch = new RowBatch<T>(_settings.FlushSize, firstEnqueuedAt, _settings.Time.GetTimestamp() + _lingerTicks);
        Volatile.Write(ref _openDeadline, batch.Deadline);
        _lingerTimer.Change(_settings.LingerTime, Timeout.InfiniteTimeSpan);
        return batch;
    }

    private bool IsDue(RowBatch<T> batch) => _settings.Time.GetTimestamp() >= batch.Deadline;

    // Pooled: with every write slot busy, the reader waits here once per batch.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DispatchCurrentAsync()
    {
        var batch = _current;
        if (batch is null)
        {
            return;
        }

        // The batch stays current (and counted as held) while it waits for a slot.
        var slot = await _writer.AcquireSlotAsync().ConfigureAwait(false);
        _current = null;
        _writer.Start(slot, batch);
    }

    private void OnLingerElapsed()
    {
        lock (_gate)
        {
            // The parked batch, or else the one the reader is filling: a tick before its deadline waits for it.
            var deadline = _parked?.Deadline ?? Volatile.Read(ref _openDeadline);
            if (RearmIfEarly(deadline) || _parked is null || _timerWantsSlot)
            {
                // Not parked: the reader writes a due batch itself before it parks. Already waiting for a slot: that
                // wait starts whichever batch is parked when it ends.
                return;
            }

            _timerWantsSlot = true;
        }

        var slot = _writer.AcquireSlotAsync();
        if (slot.IsCompletedSuccessfully)
        {
            StartParked(slot.Result);
            return;
        }

        slot.AsTask().ContinueWith(
            static (acquired, state) => ((BatchAssembler<T>)state!).StartParked(acquired.Result),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Runs once the timer holds a write slot: starts the parked batch if it is due, else gives the slot back.</summary>
    private void StartParked(WriteSlot slot)
    {
        lock (_gate)
        {
            _timerWantsSlot = false;
            if (_parked is { } parked && !RearmIfEarly(parked.Deadline))
            {
                _parked = null;
                _writer.Start(slot, parked);
                return;
            }
        }

        // The reader took the batch back (more rows came), or the batch parked now is a newer one, not yet due.
        _writer.Release(slot);
    }

    /// <summary>
    /// True when <paramref name="deadline"/> has not come yet; the timer is then re-armed for it, unless the assembler
    /// is disposed. Call under the lock.
    /// </summary>
    private bool RearmIfEarly(long deadline)
    {
        var remaining = deadline - _settings.Time.GetTimestamp();
        if (remaining <= 0)
        {
            return false;
        }

        if (_closed)
        {
            return true;
        }

        _lingerTimer.Change(TimeSpan.FromSeconds((double)remaining / _settings.Time.TimestampFrequency), Timeout.InfiniteTimeSpan);
        return true;
    }
}
