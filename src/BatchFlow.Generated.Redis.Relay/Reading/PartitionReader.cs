using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Reading;

/// <summary>
/// Reads one partition while this relay holds its lease: first every entry the group left pending (this relay's own
/// from before a Redis error, or a dead relay's, claimed at once: holding the lease means no one else reads them), then
/// new entries, a chunk at a time, each settled before the next is read.
/// </summary>
internal sealed class PartitionReader<T>
{
    private static readonly TimeSpan s_redisRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly RelayContext<T> _context;
    private readonly ChunkSettler<T> _settler;
    private readonly TaskCompletionSource _yield = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastRefresh;

    public PartitionReader(RelayContext<T> context, int partition, RedisKey stream)
    {
        _context = context;
        Partition = partition;
        Stream = stream;
        _settler = new ChunkSettler<T>(context);
    }

    public int Partition { get; }

    public RedisKey Stream { get; }

    /// <summary>The running read loop (set by <see cref="Start"/>).</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    /// <summary>Starts reading until <see cref="YieldAsync"/> (after the chunk in hand) or <paramref name="stop"/> (at once, leaving the chunk pending).</summary>
    public void Start(CancellationToken stop) => Running = Task.Run(() => RunAsync(stop), CancellationToken.None);

    /// <summary>Asks the loop to end after the chunk in hand is settled (the lease is to be given up or was lost).</summary>
    public Task YieldAsync()
    {
        _yield.TrySetResult();
        return Running;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var recover = true;
        try
        {
            while (!_yield.Task.IsCompleted && !stop.IsCancellationRequested)
            {
                try
                {
                    if (recover)
                    {
                        await EnsureGroupAsync().ConfigureAwait(false);
                        await ClaimPendingAsync(stop).ConfigureAwait(false);
                        recover = false;
                    }

                    var entries = await _context.Db.StreamReadGroupAsync(Stream, _context.Group, _context.Consumer, StreamPosition.NewMessages, _context.Options.ReadCount).ConfigureAwait(false);
                    await RefreshIfDueAsync().ConfigureAwait(false);
                    if (entries.Length == 0)
                    {
                        await WaitAsync(_context.Options.IdleWait, stop).ConfigureAwait(false);
                        continue;
                    }

                    await _settler.SettleAsync(Stream, entries, Ones(entries.Length), stop).ConfigureAwait(false);
                }
                catch (RedisException error) when (!stop.IsCancellationRequested)
                {
                    // The entries in hand stay pending in the group; read them again once Redis answers.
                    RelayLog.RedisFailed(_context.Logger, (string?)Stream, (int)s_redisRetryDelay.TotalMilliseconds, error);
                    recover = true;
                    await WaitAsync(s_redisRetryDelay, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || _yield.Task.IsCompleted)
        {
            // Stopped: whatever was not acknowledged stays pending for the next owner.
        }
        finally
        {
            _context.Counters.SetGroupState(Partition, 0, 0);
        }
    }

    private async Task EnsureGroupAsync()
    {
        try
        {
            await _context.Db.StreamCreateConsumerGroupAsync(Stream, _context.Group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (error.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists: it remembers where it is.
        }
    }

    /// <summary>Claims and settles every pending entry of the group in id order, ReadCount at a time.</summary>
    private async Task ClaimPendingAsync(CancellationToken stop)
    {
        RedisValue from = "-";
        while (!stop.IsCancellationRequested)
        {
            var pending = await _context.Db.StreamPendingMessagesAsync(Stream, _context.Group, _context.Options.ReadCount, RedisValue.Null, from, "+").ConfigureAwait(false);
            if (pending.Length == 0)
            {
                return;
            }

            var ids = new RedisValue[pending.Length];
            var counts = new Dictionary<RedisValue, long>(pending.Length);
            var fromOthers = 0;
            for (var i = 0; i < pending.Length; i++)
            {
                ids[i] = pending[i].MessageId;
                counts[ids[i]] = pending[i].DeliveryCount;
                fromOthers += pending[i].ConsumerName == _context.Consumer ? 0 : 1;
            }

            var claimed = await _context.Db.StreamClaimAsync(Stream, _context.Group, _context.Consumer, 0, ids).ConfigureAwait(false);
            Array.Sort(claimed, static (a, b) => StreamIds.Parse(a.Id).CompareTo(StreamIds.Parse(b.Id)));
            _context.Counters.AddClaimed(fromOthers);
            var deliveries = new long[claimed.Length];
            for (var i = 0; i < claimed.Length; i++)
            {
                // XCLAIM counted one more delivery.
                deliveries[i] = counts[claimed[i].Id] + 1;
                counts.Remove(claimed[i].Id);
            }

            // What is left was deleted or trimmed away since it was delivered: nothing to write.
            var gone = counts.Keys.ToArray();
            if (gone.Length > 0)
            {
                // Deleted or trimmed away since they were delivered: nothing to write.
                await _context.Db.StreamAcknowledgeAsync(Stream, _context.Group, gone).ConfigureAwait(false);
            }

            if (claimed.Length > 0)
            {
                RelayLog.Claimed(_context.Logger, claimed.Length, (string?)Stream, fromOthers);
                await _settler.SettleAsync(Stream, claimed, deliveries, stop).ConfigureAwait(false);
            }

            if (pending.Length < _context.Options.ReadCount)
            {
                return;
            }

            from = StreamIds.After(ids[^1]);
        }
    }

    private async Task RefreshIfDueAsync()
    {
        var now = _context.Time.GetTimestamp();
        if (_lastRefresh != 0 && _context.Time.GetElapsedTime(_lastRefresh, now) < _context.Options.TrimInterval)
        {
            return;
        }

        _lastRefresh = now;
        var (lag, pending) = await GroupState.RefreshAsync(_context.Db, Stream, _context.Group, _context.Options.TrimAcknowledged).ConfigureAwait(false);
        _context.Counters.SetGroupState(Partition, lag, pending);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        // Ends early when asked to yield; the delay itself ends with the stop.
        await Task.WhenAny(Task.Delay(delay, _context.Time, stop), _yield.Task).ConfigureAwait(false);
        stop.ThrowIfCancellationRequested();
    }

    private static long[] Ones(int count)
    {
        var ones = new long[count];
        Array.Fill(ones, 1L);
        return ones;
    }
}
