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
/// The handoff happens under a lock, so a batch is written by exactly one of the two.
/// </remarks>
internal sealed class BatchAssembler<T> : IDisposable
{
    private readonly ChannelReader<QueueItem<T>> _queue;
    private readonly BatchWriter<T> _writer;
    private readonly FlowSettings _settings;
    private readonly ITimer _lingerTimer;
    private readonly long _lingerTicks;
    private readonly object _gate = new();
    private RowBatch<T>? _current;
    private RowBatch<T>? _parked;

    public BatchAssembler(ChannelReader<QueueItem<T>> queue, BatchWriter<T> writer, FlowSettings settings)
    {
        _queue = queue;
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
                if (item.Flush is { } flush)
                {
                    await DispatchCurrentAsync().ConfigureAwait(false);
                    flush.CompleteAfter(_writer.InFlight());
                    continue;
                }

                var batch = _current ??= StartBatch(item.EnqueuedAt);
                batch.Add(item.Row);
                if (batch.Count >= flushSize || ((batch.Count & 63) == 0 && IsDue(batch)))
                {
                    await DispatchCurrentAsync().ConfigureAwait(false);
                }
            }

            // The queue is empty for now: write a batch that is due, park one that is not.
            if (_current is { } partial)
            {
                if (IsDue(partial))
                {
                    await DispatchCurrentAsync().ConfigureAwait(false);
                    continue;
                }

                lock (_gate)
                {
                    _parked = partial;
                }

                _current = null;
            }

            var more = await queue.WaitToReadAsync().ConfigureAwait(false);
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

        // The queue is completed and empty: write what is left, then wait for every write in flight.
        await DispatchCurrentAsync().ConfigureAwait(false);
        await _writer.DrainAsync().ConfigureAwait(false);
    }

    public void Dispose() => _lingerTimer.Dispose();

    private RowBatch<T> StartBatch(long firstEnqueuedAt)
    {
        var batch = new RowBatch<T>(_settings.FlushSize, firstEnqueuedAt, _settings.Time.GetTimestamp() + _lingerTicks);
        _lingerTimer.Change(_settings.LingerTime, Timeout.InfiniteTimeSpan);
        return batch;
    }

    private bool IsDue(RowBatch<T> batch) => _settings.Time.GetTimestamp() >= batch.Deadline;

    private async ValueTask DispatchCurrentAsync()
    {
        var batch = _current;
        if (batch is null)
        {
            return;
        }

        _current = null;
        await _writer.AcquireSlotAsync().ConfigureAwait(false);
        _writer.Start(batch, slotHeld: true);
    }

    private void OnLingerElapsed()
    {
        lock (_gate)
        {
            var parked = _parked;
            if (parked is null)
            {
                return;
            }

            var remaining = parked.Deadline - _settings.Time.GetTimestamp();
            if (remaining > 0)
            {
                // An early or stale tick (the timer was re-armed for a later batch): wait for this batch's own deadline.
                _lingerTimer.Change(TimeSpan.FromSeconds((double)remaining / _settings.Time.TimestampFrequency), Timeout.InfiniteTimeSpan);
                return;
            }

            _parked = null;
            _writer.Start(parked, slotHeld: false);
        }
    }
}
