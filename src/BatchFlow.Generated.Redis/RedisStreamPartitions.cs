using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using BatchFlow.Sinks;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>
/// How a partitioned stream flow (<see cref="RedisStreamOptions.Partitions"/> above 1) names its streams and picks a
/// row's partition, for producers and consumers in other processes (or other languages) that must agree with it.
/// </summary>
/// <remarks>
/// <para>
/// <b>Names.</b> With one partition the stream is the key given; with <c>N</c>, the streams are
/// <c>{streamKey}:0</c> … <c>{streamKey}:N-1</c>. They share no hash tag (a stream key with one, <c>orders{x}</c>, is
/// refused for more than one partition), so Redis Cluster hashes each name to its own slot and spreads them over the
/// masters.
/// </para>
/// <para>
/// <b>Partition.</b> A row's key text is its <c>[BatchKey]</c> members in key order, formatted as in a Redis hash key
/// (invariant: integers as digits, text as is, bool 1/0, floating point round-trip, Guid <c>D</c>, DateTime and
/// DateTimeOffset <c>O</c>, DateOnly <c>yyyy-MM-dd</c>, TimeOnly <c>HH:mm:ss.fffffff</c>, TimeSpan <c>c</c>, byte
/// arrays as lowercase hex) joined by <c>:</c>, with no prefix. Its partition is
/// <c>XXH3-64(UTF-8 bytes of the key text, seed 0) mod N</c>: the same in every process and on every machine (the
/// xxHash specification fixes it; Python's <c>xxhash.xxh3_64_intdigest(b"42") % 8</c> gives the same number), so one
/// key's rows always go to one partition.
/// </para>
/// </remarks>
public static class RedisStreamPartitions
{
    /// <summary>The most partitions a stream flow takes: one per Redis Cluster hash slot.</summary>
    public const int MaxPartitions = 16_384;

    /// <summary>The separator between key members in the key text that is hashed, and before a partition's number.</summary>
    public const string Separator = ":";

    /// <summary>The stream keys of a flow with <paramref name="partitions"/> partitions: the key itself for one, <c>{streamKey}:{i}</c> otherwise.</summary>
    /// <param name="streamKey">The stream key the flow was given.</param>
    /// <param name="partitions">The number of partitions, 1 to <see cref="MaxPartitions"/>.</param>
    /// <returns>One key per partition, in partition order.</returns>
    /// <exception cref="ArgumentException"><paramref name="streamKey"/> is empty, or has a hash tag while <paramref name="partitions"/> is above 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is out of range.</exception>
    public static IReadOnlyList<string> Keys(string streamKey, int partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamKey);
        CheckCount(partitions, nameof(partitions));
        if (partitions == 1)
        {
            return [streamKey];
        }

        if (HashTag(streamKey) is { } tag)
        {
            throw new ArgumentException(
                $"The stream key '{streamKey}' has the hash tag '{{{tag}}}': every partition's name would hash to one Redis Cluster slot, so the partitions could not spread over the nodes. Use a key without braces for a partitioned stream.",
                nameof(streamKey));
        }

        var keys = new string[partitions];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = string.Create(CultureInfo.InvariantCulture, $"{streamKey}{Separator}{i}");
        }

        return keys;
    }

    /// <summary>The partition of a row whose key text is <paramref name="keyText"/>.</summary>
    /// <param name="keyText">The key members formatted and joined by <c>:</c> (see the remarks of <see cref="RedisStreamPartitions"/>), for example <c>42</c> or <c>eu:7</c>.</param>
    /// <param name="partitions">The number of partitions, 1 to <see cref="MaxPartitions"/>.</param>
    /// <returns>A partition number from 0 to <paramref name="partitions"/> - 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="keyText"/> holds an unpaired surrogate, which UTF-8 cannot encode.</exception>
    public static int PartitionOf(ReadOnlySpan<char> keyText, int partitions)
    {
        CheckCount(partitions, nameof(partitions));
        return Hash(keyText, partitions);
    }

    /// <summary>The partition the stream flow of <paramref name="table"/> appends <paramref name="row"/> to.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="table">The generated table description; it needs <c>[BatchKey]</c> members.</param>
    /// <param name="row">The row.</param>
    /// <param name="partitions">The number of partitions, 1 to <see cref="MaxPartitions"/>.</param>
    /// <returns>A partition number from 0 to <paramref name="partitions"/> - 1.</returns>
    /// <exception cref="ArgumentException">The table has no key columns, or a key member is null or holds an unpaired surrogate.</exception>
    public static int PartitionOf<T>(TableDescription<T> table, T row, int partitions)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckCount(partitions, nameof(partitions));
        RequireKey(table, partitions);
        using var key = BuildKey(table, row);
        return Hash(KeyText(key), partitions);
    }

    /// <summary>
    /// The key text of <paramref name="row"/>: its <c>[BatchKey]</c> members formatted and joined by <c>:</c>, as they
    /// are hashed to pick its partition (see the remarks of <see cref="RedisStreamPartitions"/>). Two rows have the same
    /// key text exactly when they have the same key, so a consumer can collapse a key's rows by it.
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="table">The generated table description; it needs <c>[BatchKey]</c> members.</param>
    /// <param name="row">The row.</param>
    /// <returns>The key text, for example <c>42</c> or <c>eu:7</c>.</returns>
    /// <exception cref="ArgumentException">The table has no key columns, or a key member is null.</exception>
    public static string KeyText<T>(TableDescription<T> table, T row)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.KeyColumns.Count == 0)
        {
            throw new ArgumentException(
                $"{typeof(T).FullName} (table '{table.Name}') has no key columns: a key text is made of the [BatchKey] members.", nameof(table));
        }

        using var key = BuildKey(table, row);
        return KeyText(key).ToString();
    }

    private static RedisKeyBuilder BuildKey<T>(TableDescription<T> table, T row)
    {
        var key = new RedisKeyBuilder("", Separator);
        try
        {
            var writer = new RedisValueWriter(new RedisValue[table.Columns.Count], table.Columns, RedisKeyLayout.KeyFlags(table), key);
            writer.StartRow();
            table.Writer.Write(in row, ref writer);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    internal static void CheckCount(int partitions, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1, parameter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, MaxPartitions, parameter);
    }

    internal static void RequireKey<T>(TableDescription<T> table, int partitions)
    {
        if (partitions > 1 && table.KeyColumns.Count == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{typeof(T).FullName} (table '{table.Name}') has no key columns, but {partitions} stream partitions are asked for: a row's partition is a hash of its [BatchKey] members, so mark the members that identify a row with [BatchKey], or use one partition."),
                nameof(table));
        }
    }

    /// <summary>The key text a <see cref="RedisKeyBuilder"/> with an empty prefix built: without its leading separator.</summary>
    internal static ReadOnlySpan<char> KeyText(RedisKeyBuilder key) => key.Text[Separator.Length..];

    /// <summary>XXH3-64 of the text's UTF-8 bytes, seed 0, modulo <paramref name="partitions"/>.</summary>
    internal static int Hash(ReadOnlySpan<char> keyText, int partitions)
    {
        if (partitions == 1)
        {
            return 0;
        }

        if (Utf16Text.IndexOfUnpairedSurrogate(keyText) is var lone and >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The key text holds an unpaired UTF-16 surrogate (U+{(int)keyText[lone]:X4} at index {lone}), which UTF-8 cannot encode."), nameof(keyText));
        }

        var length = Encoding.UTF8.GetMaxByteCount(keyText.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(keyText, buffer);
            return (int)(XxHash3.HashToUInt64(buffer[..written]) % (ulong)partitions);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The hash tag of a key as Redis Cluster finds it (the text between the first <c>{</c> and the next <c>}</c>, when not empty), or null.</summary>
    internal static string? HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        var close = key.IndexOf('}', open + 1);
        return close > open + 1 ? key[(open + 1)..close] : null;
    }
}
