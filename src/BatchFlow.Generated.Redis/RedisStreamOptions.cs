namespace BatchFlow.Redis;

/// <summary>How <see cref="RedisStreamSink{T}"/> appends to its stream.</summary>
public sealed record RedisStreamOptions
{
    /// <summary>
    /// Trims each stream (each partition) to about this many entries with each append (<c>XADD key MAXLEN ~ n</c>: the
    /// server trims whole macro nodes, so the stream may keep somewhat more); null (the default) for no trimming.
    /// </summary>
    public long? MaxLength { get; init; }

    /// <summary>The database number; -1 (the default) for the connection's default database.</summary>
    public int Database { get; init; } = -1;

    /// <summary>
    /// The number of streams the rows are spread over, 1 (the default: every row goes to the stream key given) to
    /// <see cref="RedisStreamPartitions.MaxPartitions"/>. Above 1 the streams are <c>{streamKey}:0</c> …
    /// <c>{streamKey}:N-1</c> and each row goes to the partition a stable hash of its <c>[BatchKey]</c> members picks
    /// (<see cref="RedisStreamPartitions"/>), so one key's rows stay in one stream; the row type needs key members, and
    /// the stream key must not hold a hash tag (<c>{…}</c>), so that Redis Cluster spreads the partitions over its nodes.
    /// </summary>
    public int Partitions { get; init; } = 1;

    /// <summary>
    /// Whether the stream feeds a relay (<c>BatchFlow.Generated.Redis.Relay</c>) that writes the rows into the table with
    /// the table's conflict mode. A stream only appends, so without this a table whose conflict mode is not
    /// <see cref="Conflict.None"/> is refused; with it, every batch is appended as the flow hands it over: the flow still
    /// collapses one key's rows within a batch as its conflict mode says (the last under <see cref="Conflict.Update"/>
    /// and <see cref="Conflict.Replace"/>, the first under <see cref="Conflict.Ignore"/>), and the relay applies the mode
    /// in the database. Default false.
    /// </summary>
    public bool ForRelay { get; init; }
}
