namespace BatchFlow.Redis;

/// <summary>
/// Where <see cref="RedisHashSink{T}"/> and <see cref="RedisJsonSink{T}"/> put each row: the key
/// <c>{Prefix}{Separator}{key1}{Separator}{key2}…</c> (<c>users:42</c>) in <see cref="Database"/>, optionally expiring.
/// </summary>
public sealed record RedisKeyOptions
{
    /// <summary>The first part of every key; null for the table name.</summary>
    public string? Prefix { get; init; }

    /// <summary>What stands between the prefix and each key member: <c>:</c> by default. A key member that contains it makes keys ambiguous; the sink does not escape it.</summary>
    public string Separator { get; init; } = ":";

    /// <summary>
    /// How long each written key lives, set with the write in the same atomic command (PEXPIRE in the row's script, PX
    /// on SET), at millisecond precision; null (the default) for keys that never expire. Every write sets it again.
    /// </summary>
    public TimeSpan? Expiry { get; init; }

    /// <summary>The database number; -1 (the default) for the connection's default database.</summary>
    public int Database { get; init; } = -1;
}
