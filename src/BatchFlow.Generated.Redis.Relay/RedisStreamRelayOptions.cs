namespace BatchFlow.Redis.Relay;

/// <summary>How a <see cref="RedisStreamRelay{T}"/> reads its streams, shares them with other relays and sets entries aside.</summary>
public sealed class RedisStreamRelayOptions
{
    /// <summary>
    /// The number of partitions the producers write (<see cref="RedisStreamOptions.Partitions"/>): the relay reads
    /// <c>{streamKey}:0</c> … <c>{streamKey}:N-1</c>, or the stream key itself for 1. It must equal the producers'
    /// count. Default 1.
    /// </summary>
    public int Partitions { get; set; } = 1;

    /// <summary>The consumer group the relays share (created at the start of each stream when missing). Default <c>batchflow</c>.</summary>
    public string GroupName { get; set; } = "batchflow";

    /// <summary>
    /// This relay's consumer name within the group, unique among running relays. Default: the machine name, the process
    /// id and a random suffix, so that a restarted process is a new consumer.
    /// </summary>
    public string? ConsumerName { get; set; }

    /// <summary>Entries read (or claimed) at a time from one partition: one chunk, settled before the next is read. Default 1,000.</summary>
    public int ReadCount { get; set; } = 1_000;

    /// <summary>
    /// How long a relay's lease on a partition lasts without renewal (it renews every third of this). When a relay
    /// dies, its partitions are taken over after this time, and the entries it left pending are claimed at once by the
    /// new owner. Keep it well above the longest write of a chunk and the clock skew between relay machines.
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An entry delivered more often than this (relays crashed while writing it) is moved to the dead-letter stream
    /// without another attempt. Default 5.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>The stream that entries the target refused, or that are not rows of its table, are moved to. Default <c>{streamKey}:dead</c>.</summary>
    public string? DeadLetterStreamKey { get; set; }

    /// <summary>
    /// Whether the relay trims each partition of the entries that every consumer group has acknowledged
    /// (<c>XTRIM MINID</c>; a group's pending entries and those not yet delivered to it are kept). Default true.
    /// </summary>
    public bool TrimAcknowledged { get; set; } = true;

    /// <summary>How often each partition's group state (lag, pending) is read, and its history trimmed. Default 5 seconds.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a partition's reader waits after finding no new entry. Default 100 milliseconds.</summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest wait before rows that failed transiently (or for a reason that is not the row's) are submitted
    /// again; the wait starts at 100 ms and doubles. Such rows are retried until they are written: their entries are
    /// never acknowledged or dead-lettered meanwhile. Default 5 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Redis database the streams are in (<c>-1</c>: the connection's default). Default -1.</summary>
    public int Database { get; set; } = -1;

    /// <summary>The clock for leases, waits and trimming. Every relay of a group must agree on the time within a small part of <see cref="ClaimIdleTime"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal RedisStreamRelayOptions Validated(string streamKey)
    {
        RedisStreamPartitions.Keys(streamKey, Partitions); // the producers' rules: the count's range, no hash tag for N > 1
        ArgumentException.ThrowIfNullOrWhiteSpace(GroupName, nameof(GroupName));
        if (ConsumerName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ConsumerName, nameof(ConsumerName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReadCount, 1, nameof(ReadCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDeliveries, 1, nameof(MaxDeliveries));
        ArgumentOutOfRangeException.ThrowIfLessThan(ClaimIdleTime, TimeSpan.FromMilliseconds(30), nameof(ClaimIdleTime));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TrimInterval, TimeSpan.Zero, nameof(TrimInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(IdleWait, TimeSpan.Zero, nameof(IdleWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, TimeSpan.Zero, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Database, -1, nameof(Database));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (DeadLetterStreamKey is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(DeadLetterStreamKey, nameof(DeadLetterStreamKey));
        }

        return new RedisStreamRelayOptions
        {
            Partitions = Partitions,
            GroupName = GroupName,
            ConsumerName = ConsumerName ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}",
            ReadCount = ReadCount,
            ClaimIdleTime = ClaimIdleTime,
            MaxDeliveries = MaxDeliveries,
            DeadLetterStreamKey = DeadLetterStreamKey ?? streamKey + RedisStreamPartitions.Separator + "dead",
            TrimAcknowledged = TrimAcknowledged,
            TrimInterval = TrimInterval,
            IdleWait = IdleWait,
            MaxRetryDelay = MaxRetryDelay,
            Database = Database,
            TimeProvider = TimeProvider,
        };
    }
}
