namespace BatchFlow.Redis.Relay;

/// <summary>
/// The names under which relays report. The <see cref="System.Diagnostics.Metrics.Meter"/> is
/// <c>BatchFlow.Redis.Relay</c>; every measurement carries <c>messaging.system</c> (<c>redis</c>),
/// <c>messaging.destination.name</c> (the stream key the relay was given) and <c>messaging.consumer.group.name</c>, after
/// OpenTelemetry's messaging conventions. The counts are of stream entries.
/// </summary>
public static class RedisStreamRelayTelemetry
{
    /// <summary>The meter's name: <c>BatchFlow.Redis.Relay</c>.</summary>
    public const string MeterName = "BatchFlow.Redis.Relay";

    /// <summary>Tag: the messaging system, <c>redis</c>.</summary>
    public const string SystemTag = "messaging.system";
    /// <summary>Tag: the stream key the relay was given (its partitions share it).</summary>
    public const string DestinationTag = "messaging.destination.name";
    /// <summary>Tag: the consumer group.</summary>
    public const string GroupTag = "messaging.consumer.group.name";

    /// <summary>Counter: entries whose row was committed to the target.</summary>
    public const string Written = "batchflow.relay.entries.written";
    /// <summary>Counter: entries left out because a later entry of the same key in their chunk was written in their place.</summary>
    public const string Superseded = "batchflow.relay.entries.superseded";
    /// <summary>Counter: entries moved to the dead-letter stream.</summary>
    public const string DeadLettered = "batchflow.relay.entries.dead_lettered";
    /// <summary>Counter: entries another consumer had left pending, claimed by this relay.</summary>
    public const string Claimed = "batchflow.relay.entries.claimed";
    /// <summary>Counter: entries acknowledged (written, superseded or dead-lettered).</summary>
    public const string Acknowledged = "batchflow.relay.entries.acknowledged";
    /// <summary>Counter: rows submitted again after they failed for a reason that was not the row's (transient errors past the flow's retries, an error of the table).</summary>
    public const string Resubmitted = "batchflow.relay.rows.resubmitted";
    /// <summary>Gauge: entries of the partitions this relay holds not yet delivered to the group (<c>XINFO GROUPS</c> lag), as last read.</summary>
    public const string Lag = "batchflow.relay.lag";
    /// <summary>Gauge: entries of the partitions this relay holds delivered but not yet acknowledged, as last read.</summary>
    public const string Pending = "batchflow.relay.pending";
    /// <summary>Gauge: partitions this relay holds.</summary>
    public const string PartitionsOwned = "batchflow.relay.partitions.owned";
}
