using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Reading;

/// <summary>Stream entry ids (<c>{ms}-{seq}</c>) compared and stepped as numbers.</summary>
internal static class StreamIds
{
    public static (ulong Ms, ulong Seq) Parse(RedisValue id)
    {
        var text = (string?)id ?? throw new FormatException("A stream id is null.");
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture), 0)
            : (ulong.Parse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture),
               ulong.Parse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    /// <summary>The smallest id above <paramref name="id"/>.</summary>
    public static (ulong Ms, ulong Seq) Next((ulong Ms, ulong Seq) id) =>
        id.Seq == ulong.MaxValue ? (id.Ms + 1, 0) : (id.Ms, id.Seq + 1);

    public static RedisValue Format((ulong Ms, ulong Seq) id) =>
        string.Create(CultureInfo.InvariantCulture, $"{id.Ms}-{id.Seq}");

    /// <summary>An exclusive range start (<c>(id</c>, Redis 6.2 and later).</summary>
    public static RedisValue After(RedisValue id) => "(" + (string?)id;
}
