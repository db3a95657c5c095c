namespace BatchFlow.Redis.Relay;

/// <summary>What one relay has done since it was created (counts of stream entries), and what it holds now.</summary>
public sealed record RedisStreamRelayStatistics
{
    /// <summary>Entries whose row the target committed.</summary>
    public long Written { get; init; }

    /// <summary>Entries left out because a later entry of the same key in their chunk was written in their place (the target's conflict mode would have overwritten them).</summary>
    public long Superseded { get; init; }

    /// <summary>Entries moved to the dead-letter stream: refused by the database, not a row of the table, or delivered too often.</summary>
    public long DeadLettered { get; init; }

    /// <summary>Entries another consumer had left pending, claimed by this relay.</summary>
    public long Claimed { get; init; }

    /// <summary>Entries acknowledged: written, superseded or dead-lettered.</summary>
    public long Acknowledged { get; init; }

    /// <summary>Rows submitted again after a failure that was not the row's (transient errors past the flow's retries, an error of the table); their entries stayed pending meanwhile.</summary>
    public long Resubmitted { get; init; }

    /// <summary>Partitions this relay holds now.</summary>
    public int OwnedPartitions { get; init; }

    /// <summary>Entries not yet delivered to the group in the partitions held, as last read.</summary>
    public long Lag { get; init; }

    /// <summary>Entries delivered but not acknowledged in the partitions held, as last read.</summary>
    public long Pending { get; init; }
}
