using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Tests.Support;

/// <summary>Producing into streams through the generated stream flow, and reading what relays left behind.</summary>
public static class Streams
{
    /// <summary>
    /// Appends the rows through a stream flow with <paramref name="partitions"/> partitions; returns once every row is in
    /// Redis. With <paramref name="flushEvery"/>, each run of that many rows is one batch of its own: the producing flow
    /// collapses one key's rows within a batch, so rows of distinct keys per run reach the stream one entry each.
    /// </summary>
    public static async Task ProduceAsync(IConnectionMultiplexer redis, string stream, int partitions, IEnumerable<RelayAccount> rows, int? flushEvery = null)
    {
        await using var flow = RelayAccountFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = partitions, ForRelay = true },
            new BatchFlowOptions { FlushSize = flushEvery ?? 1_000, LingerTime = TimeSpan.FromHours(1) });
        var n = 0;
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row);
            if (flushEvery is { } every && ++n % every == 0)
            {
                await flow.FlushAsync();
            }
        }
    }

    /// <summary>Entries of <paramref name="stream"/> delivered to the group and not acknowledged, summed over the partitions.</summary>
    public static async Task<long> PendingAsync(IConnectionMultiplexer redis, string stream, int partitions, string group = "batchflow")
    {
        var db = redis.GetDatabase();
        var total = 0L;
        foreach (var key in RedisStreamPartitions.Keys(stream, partitions))
        {
            total += (await db.StreamPendingAsync(key, group)).PendingMessageCount;
        }

        return total;
    }

    /// <summary>Entries still in the partitions (XLEN, summed).</summary>
    public static async Task<long> LengthAsync(IConnectionMultiplexer redis, string stream, int partitions)
    {
        var db = redis.GetDatabase();
        var total = 0L;
        foreach (var key in RedisStreamPartitions.Keys(stream, partitions))
        {
            total += await db.StreamLengthAsync(key);
        }

        return total;
    }

    /// <summary>The dead-letter stream's entries, each as field → text.</summary>
    public static async Task<List<Dictionary<string, string>>> DeadLettersAsync(IConnectionMultiplexer redis, string deadLetterStream)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(deadLetterStream);
        return entries.Select(e => e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString())).ToList();
    }
}
