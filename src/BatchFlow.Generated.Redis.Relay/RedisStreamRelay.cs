using BatchFlow.Redis.Relay.Coordination;
using BatchFlow.Redis.Relay.Reading;
using BatchFlow.Redis.Relay.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay;

/// <summary>
/// Moves rows from partitioned Redis streams (written by <c>{Type}Flow.RedisStream</c> with
/// <see cref="RedisStreamOptions.Partitions"/> and <see cref="RedisStreamOptions.ForRelay"/>) into a table, through any flow: the durable log between producers on
/// many machines and one database. Run one or more relays, in as many processes as needed; they share the partitions.
/// </summary>
/// <remarks>
/// <para>
/// <b>What it guarantees.</b> An entry is acknowledged only after its row was committed by the target flow
/// (<see cref="BatchFlow{T}.SubmitAndWaitAsync"/>) or moved to the dead-letter stream with the error; a relay that dies
/// leaves its entries pending, and the next holder of the partition writes them again. Delivery into the table is
/// therefore at least once, and with an upsert conflict mode (<see cref="Conflict.Update"/>, <see cref="Conflict.Replace"/>,
/// <see cref="Conflict.Ignore"/>) the table ends as if every row had arrived once. A <see cref="Conflict.None"/>
/// target is refused: a redelivered row would fail as a duplicate and be dead-lettered.
/// </para>
/// <para>
/// <b>Order.</b> Each partition is read by one relay at a time, the holder of its lease (renewed every third of
/// <see cref="RedisStreamRelayOptions.ClaimIdleTime"/>), one chunk after another; within a chunk the rows of one key
/// are collapsed to the one the conflict mode keeps. As producers put one key's rows in one partition, a key's last
/// value is the one the table ends with. A relay that stalls for longer than the lease time (a paused VM) may write
/// an old chunk after the next holder wrote newer rows: keep the lease time well above the longest stall.
/// </para>
/// <para>
/// <b>Sharing.</b> Live relays beat in a sorted set; each aims to hold <c>ceil(partitions / live relays)</c>
/// partitions, taking free or expired leases and giving up extra ones (after settling the chunk in hand), so that a
/// relay that joins takes its share and one that leaves or dies has its share taken over.
/// </para>
/// <para>
/// <b>Entries set aside.</b> An entry that is not a row of the table (see <see cref="RedisStreamRows"/>), whose row the
/// database refused (<see cref="BatchDeliveryFailure.Refused"/>), or that was delivered more than
/// <see cref="RedisStreamRelayOptions.MaxDeliveries"/> times goes to the dead-letter stream with its fields and
/// <c>batchflow:error</c>, <c>batchflow:source_stream</c>, <c>batchflow:source_id</c> and <c>batchflow:deliveries</c>.
/// Rows that failed for another reason (transient errors past the flow's retries, an error of the table) are
/// submitted again after a growing wait, never set aside.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RedisStreamRelay<T> : IAsyncDisposable
{
    private readonly RelayContext<T> _context;
    private readonly RelayLeases _leases;
    private readonly IReadOnlyList<string> _streams;
    private readonly PartitionReader<T>?[] _readers;
    private readonly CancellationTokenSource _disposed = new();
    private readonly List<Task> _yielding = [];
    private int _running;

    /// <summary>Creates a relay; <see cref="RunAsync"/> starts it.</summary>
    /// <param name="redis">The connection (to one server or a cluster); the relay does not own it.</param>
    /// <param name="streamKey">The stream key the producers were given (their partitions are named from it).</param>
    /// <param name="target">The flow the rows are written through; the relay does not own it, and it must not be completed while the relay runs.</param>
    /// <param name="options">Partitions, group, chunk size, lease time, dead-letter stream; null for the defaults.</param>
    /// <param name="logger">Where the relay logs leases, claims, dead letters and retries; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> or <paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream key is empty (or has a hash tag with more than one partition), an option is out of range, or the target's conflict mode is <see cref="Conflict.None"/>.</exception>
    /// <exception cref="NotSupportedException">The row type has no generated row reader.</exception>
    public RedisStreamRelay(IConnectionMultiplexer redis, string streamKey, BatchFlow<T> target, RedisStreamRelayOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(target);
        var settings = (options ?? new RedisStreamRelayOptions()).Validated(streamKey);
        if (target.Table.Conflict == Conflict.None)
        {
            throw new ArgumentException(
                $"The flow into table '{target.TableName}' uses Conflict.None, but a relay delivers at least once: an entry written again after a relay died would fail as a duplicate and be dead-lettered. Give the table [BatchTable(..., Conflict.Update)] (or Ignore, Replace), so that a redelivered row changes nothing.",
                nameof(target));
        }

        if (target.Table.Reader is null)
        {
            throw new NotSupportedException($"{typeof(T).FullName} (table '{target.TableName}') has no generated row reader, so a relay cannot rebuild its rows from stream entries.");
        }

        var db = redis.GetDatabase(settings.Database);
        _streams = RedisStreamPartitions.Keys(streamKey, settings.Partitions);
        _readers = new PartitionReader<T>?[_streams.Count];
        _leases = new RelayLeases(db, streamKey, settings.GroupName, settings.ConsumerName!, _streams.Count, settings.ClaimIdleTime);
        _context = new RelayContext<T>(
            db,
            target,
            streamKey,
            settings,
            new DeadLetterStream(db, settings.DeadLetterStreamKey!),
            new RelayCounters(streamKey, settings.GroupName, _streams.Count),
            logger ?? NullLogger.Instance);
    }

    /// <summary>This relay's consumer name in the group.</summary>
    public string ConsumerName => _context.Consumer;

    /// <summary>The partition streams the relay reads, in partition order.</summary>
    public IReadOnlyList<string> StreamKeys => _streams;

    /// <summary>The dead-letter stream's key.</summary>
    public string DeadLetterStreamKey => _context.DeadLetters.Key;

    /// <summary>What the relay has done so far and holds now.</summary>
    public RedisStreamRelayStatistics GetStatistics() => _context.Counters.Snapshot();

    /// <summary>
    /// Runs the relay until <paramref name="cancellationToken"/> is cancelled or the relay is disposed: beats, takes and
    /// renews its share of the partition leases, and reads the partitions it holds. On stop, the chunks in hand are
    /// left pending (they are written again by the next holder), the leases are given up and the relay leaves the
    /// group's live set, so the others take its share at their next beat.
    /// </summary>
    /// <param name="cancellationToken">Stops the relay.</param>
    /// <returns>A task that ends when the relay has stopped; it faults when the target flow was completed or a reader failed for a reason the relay does not retry.</returns>
    /// <exception cref="InvalidOperationException">The relay is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The relay is already running: call RunAsync once.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var stop = linked.Token;
        var beat = TimeSpan.FromTicks(_context.Options.ClaimIdleTime.Ticks / 3);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await BalanceAsync(stop).ConfigureAwait(false);
                }
                catch (RedisException error)
                {
                    RelayLog.LeaseFailed(_context.Logger, ConsumerName, _context.StreamKey, error);
                }

                try
                {
                    await Task.Delay(beat, _context.Time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await StopReadersAsync().ConfigureAwait(false);
        }

        // A reader that failed ends the relay with its error.
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops the relay (as cancelling <see cref="RunAsync"/> does). The target flow and the connection are not disposed.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>One beat: renew what is held, give up what is beyond the fair share, take free partitions up to it.</summary>
    private async Task BalanceAsync(CancellationToken stop)
    {
        var now = _context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var live = await _leases.BeatAsync(now).ConfigureAwait(false);
        var share = FairShare.Of(_readers.Length, live);
        _yielding.RemoveAll(static t => t.IsCompletedSuccessfully);
        var held = 0;
        for (var p = 0; p < _readers.Length; p++)
        {
            if (_readers[p] is not { } reader)
            {
                continue;
            }

            if (reader.Running.IsFaulted)
            {
                _readers[p] = null;
                await _leases.ReleaseAsync(p).ConfigureAwait(false);
                RelayLog.ReaderFailed(_context.Logger, ConsumerName, _context.StreamKey, reader.Running.Exception!.GetBaseException());
                await reader.Running.ConfigureAwait(false); // throws: the relay stops
            }

            if (!await _leases.TryHoldAsync(p, now).ConfigureAwait(false))
            {
                // Another relay took it (this one missed its renewals): stop after the chunk in hand.
                _readers[p] = null;
                _yielding.Add(reader.YieldAsync());
                RelayLog.Released(_context.Logger, ConsumerName, p, _context.StreamKey, "the lease expired and another relay holds it");
                continue;
            }

            held++;
        }

        for (var p = _readers.Length - 1; p >= 0 && held > share; p--)
        {
            if (_readers[p] is { } reader)
            {
                // The lease is given up once the chunk in hand is settled, so the next holder starts after it; the beat
                // does not wait for that, so that the other leases are renewed on time.
                _readers[p] = null;
                _yielding.Add(GiveUpAsync(reader));
                held--;
                RelayLog.Released(_context.Logger, ConsumerName, p, _context.StreamKey, $"{live} relays are live, so the fair share is {share}");
            }
        }

        var start = FairShare.StartFor(ConsumerName, _readers.Length);
        for (var i = 0; i < _readers.Length && held < share && !stop.IsCancellationRequested; i++)
        {
            var p = (start + i) % _readers.Length;
            if (_readers[p] is null && await _leases.TryHoldAsync(p, now).ConfigureAwait(false))
            {
                var reader = new PartitionReader<T>(_context, p, _streams[p]);
                _readers[p] = reader;
                reader.Start(stop);
                held++;
                RelayLog.Acquired(_context.Logger, ConsumerName, p, _streams[p], held, share);
            }
        }

        _context.Counters.SetOwned(held);
    }

    private async Task GiveUpAsync(PartitionReader<T> reader)
    {
        try
        {
            await reader.YieldAsync().ConfigureAwait(false);
        }
        finally
        {
            await _leases.ReleaseAsync(reader.Partition).ConfigureAwait(false);
        }
    }

    private async Task StopReadersAsync()
    {
        List<Exception>? errors = null;
        _yielding.RemoveAll(static t => t.IsCompletedSuccessfully);
        foreach (var yielding in _yielding)
        {
            try
            {
                await yielding.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Collected and rethrown below.
            catch (Exception error) when (error is not RedisException)
#pragma warning restore CA1031
            {
                (errors ??= []).Add(error);
            }
#pragma warning disable CA1031
            catch (RedisException)
#pragma warning restore CA1031
            {
                // The lease expires on its own.
            }
        }

        _yielding.Clear();
        for (var p = 0; p < _readers.Length; p++)
        {
            if (_readers[p] is not { } reader)
            {
                continue;
            }

            _readers[p] = null;
            try
            {
                await reader.YieldAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Collected and rethrown below, after every lease is given up.
            catch (Exception error)
#pragma warning restore CA1031
            {
                (errors ??= []).Add(error);
            }

            try
            {
                await _leases.ReleaseAsync(p).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // The lease expires on its own.
            }
        }

        try
        {
            await _leases.LeaveAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Forgotten once its beat is old.
        }

        _context.Counters.SetOwned(0);
        if (errors is not null)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException(errors);
        }
    }
}
