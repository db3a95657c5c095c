using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Reading;

/// <summary>
/// Settles one chunk of a partition's entries: every entry ends written, superseded or dead-lettered, and only then
/// are they all acknowledged, in one <c>XACK</c>.
/// </summary>
/// <remarks>
/// <para>
/// Entries are rebuilt into rows with the generated reader. Rows of one key are collapsed within the chunk as the
/// target's conflict mode would collapse them (the last under <see cref="Conflict.Update"/> and
/// <see cref="Conflict.Replace"/>, the first under <see cref="Conflict.Ignore"/>), so the rows submitted have distinct
/// keys and may be written in any order, by concurrent batches, without an older value winning. Chunks of a partition
/// are settled one after another, which keeps each key's order across chunks.
/// </para>
/// <para>
/// Each row is submitted with <see cref="BatchFlow{T}.SubmitAndWaitAsync"/>. A row the database refused
/// (<see cref="BatchDeliveryFailure.Refused"/>) is dead-lettered with the database's error; a row that failed for any
/// other reason (transient errors past every retry, an error of the table rather than the row) is submitted again
/// after a growing wait until it is written, because it may well be sound. The flow's shutdown deadline, its
/// completion, or the relay's own stop end the chunk with nothing acknowledged: its entries stay pending and are
/// delivered again.
/// </para>
/// </remarks>
internal sealed class ChunkSettler<T>
{
    private static readonly TimeSpan s_firstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly RelayContext<T> _context;
    private readonly bool _keepLast;

    public ChunkSettler(RelayContext<T> context)
    {
        _context = context;
        _keepLast = context.Target.Table.Conflict is Conflict.Update or Conflict.Replace;
    }

    /// <param name="stream">The partition the entries are from.</param>
    /// <param name="entries">The entries, in id order.</param>
    /// <param name="deliveries">How often each entry has been delivered, index for index (1 for a first read).</param>
    /// <param name="stop">The relay's stop: ends the waits, acknowledges nothing.</param>
    public async Task SettleAsync(RedisKey stream, StreamEntry[] entries, IReadOnlyList<long> deliveries, CancellationToken stop)
    {
        var dead = new List<DeadEntry>();
        var rows = Rebuild(entries, deliveries, dead, out var superseded);
        var refused = await WriteAsync(rows, entries, deliveries, dead, stop).ConfigureAwait(false);
        if (dead.Count > 0)
        {
            await _context.DeadLetters.AddAsync(stream, dead).ConfigureAwait(false);
            foreach (var entry in dead)
            {
                RelayLog.DeadLettered(_context.Logger, (string?)entry.Entry.Id, (string?)stream, _context.DeadLetters.Key, entry.Error);
            }
        }

        var ids = new RedisValue[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            ids[i] = entries[i].Id;
        }

        await _context.Db.StreamAcknowledgeAsync(stream, _context.Group, ids).ConfigureAwait(false);
        _context.Counters.AddWritten(rows.Count - refused);
        _context.Counters.AddSuperseded(superseded);
        _context.Counters.AddDeadLettered(dead.Count);
        _context.Counters.AddAcknowledged(entries.Length);
    }

    /// <summary>The rows to write, one per key, each with the index of its entry; the rest are set aside or superseded.</summary>
    private List<(int Entry, T Row)> Rebuild(StreamEntry[] entries, IReadOnlyList<long> deliveries, List<DeadEntry> dead, out int superseded)
    {
        var table = _context.Target.Table;
        var rows = new List<(int Entry, T Row)>(entries.Length);
        var byKey = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
        superseded = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (deliveries[i] > _context.Options.MaxDeliveries)
            {
                dead.Add(new DeadEntry(entries[i], $"The entry was delivered {deliveries[i]} times, more than MaxDeliveries ({_context.Options.MaxDeliveries}): relays stopped while writing it each time, so it is set aside unwritten.", deliveries[i]));
                continue;
            }

            T row;
            string key;
            try
            {
                row = RedisStreamRows.Read(table, entries[i]);
                key = RedisStreamPartitions.KeyText(table, row);
            }
            catch (Exception error) when (error is RedisStreamEntryException or ArgumentException)
            {
                dead.Add(new DeadEntry(entries[i], error.Message, deliveries[i]));
                continue;
            }

            if (byKey.TryGetValue(key, out var at))
            {
                superseded++;
                if (_keepLast)
                {
                    rows[at] = (i, row);
                }
            }
            else
            {
                byKey.Add(key, rows.Count);
                rows.Add((i, row));
            }
        }

        return rows;
    }

    /// <returns>How many of the rows the database refused (now in <paramref name="dead"/>).</returns>
    private async Task<int> WriteAsync(List<(int Entry, T Row)> rows, StreamEntry[] entries, IReadOnlyList<long> deliveries, List<DeadEntry> dead, CancellationToken stop)
    {
        var target = _context.Target;
        var toWrite = rows;
        var delay = s_firstRetryDelay;
        var refused = 0;
        while (toWrite.Count > 0)
        {
            // Every wait is awaited exactly once, below, after all are submitted: the rows must be in the flow together
            // to share batches.
#pragma warning disable CA2012
            var waits = new ValueTask[toWrite.Count];
            for (var j = 0; j < waits.Length; j++)
            {
                waits[j] = target.SubmitAndWaitAsync(toWrite[j].Row, stop);
            }
#pragma warning restore CA2012

            // The chunk is waited for as a whole, and the next one is read only after it: write what is buffered now
            // rather than after the flow's linger time (which a chunk smaller than the flush size would wait out).
            await target.FlushAsync(stop).ConfigureAwait(false);

            var again = new List<(int Entry, T Row)>();
            Exception? ending = null;
            BatchDeliveryException? retryReason = null;
            for (var j = 0; j < waits.Length; j++)
            {
                try
                {
                    await waits[j].ConfigureAwait(false);
                }
                catch (BatchDeliveryException error) when (error.Reason == BatchDeliveryFailure.Refused)
                {
                    var entry = toWrite[j].Entry;
                    dead.Add(new DeadEntry(entries[entry], (error.InnerException ?? error).Message, deliveries[entry]));
                    refused++;
                }
                catch (BatchDeliveryException error) when (error.Reason != BatchDeliveryFailure.Deadline)
                {
                    again.Add(toWrite[j]);
                    retryReason ??= error;
                }
#pragma warning disable CA1031 // Every wait is awaited (each pooled once); the first error that ends the chunk is thrown after.
                catch (Exception error)
#pragma warning restore CA1031
                {
                    ending ??= error;
                }
            }

            if (ending is not null)
            {
                throw ending is BatchSubmitCanceledException ? new OperationCanceledException("The relay stopped while the chunk was being written.", ending, stop) : ending;
            }

            toWrite = again;
            if (toWrite.Count > 0)
            {
                _context.Counters.AddResubmitted(toWrite.Count);
                RelayLog.Retrying(_context.Logger, toWrite.Count, retryReason!.Reason, (int)delay.TotalMilliseconds, retryReason.InnerException ?? retryReason);
                await Task.Delay(delay, _context.Time, stop).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(_context.Options.MaxRetryDelay.Ticks, 1)));
            }
        }

        return refused;
    }
}
