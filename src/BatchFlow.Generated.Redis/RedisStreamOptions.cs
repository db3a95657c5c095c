namespace BatchFlow.Redis;

/// <summary>How <see cref="RedisStreamSink{T}"/> appends to its stream.</summary>
public sealed record RedisStreamOptions
{
    /// <summary>
    /// Trims the stream to about this many entries with each append (<c>XADD key MAXLEN ~ n</c>: the server trims whole
    /// macro nodes, so the stream may keep somewhat more); null (the default) for no trimming.
    /// </summary>
    public long? MaxLength { get; init; }

    /// <summary>The database number; -1 (the default) for the connection's default database.</summary>
    public int Database { get; init; } = -1;
}
