using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests.Load;

/// <summary>What the load tests read back from a server or cluster: keys under a prefix, stream entries.</summary>
internal static class RedisStore
{
    /// <summary>Count, distinct count and sum of the ids in the keys <c>{prefix}:{id}</c> on every primary.</summary>
    public static async Task<(long Count, long Distinct, long Sum)> KeyStatsAsync(IConnectionMultiplexer redis, string prefix, int database = -1)
    {
        var ids = new HashSet<long>();
        long count = 0, sum = 0;
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            await foreach (var key in server.KeysAsync(database, prefix + ":*", pageSize: 10_000))
            {
                var id = long.Parse(((string)key!).AsSpan(prefix.Length + 1), CultureInfo.InvariantCulture);
                count++;
                sum += id;
                ids.Add(id);
            }
        }

        return (count, ids.Count, sum);
    }

    /// <summary>Every entry's <c>id</c> field in a stream, in order, read in pages.</summary>
    public static async Task<List<long>> StreamIdsAsync(IDatabase db, RedisKey stream)
    {
        var ids = new List<long>();
        RedisValue after = "-";
        while (true)
        {
            var page = await db.StreamRangeAsync(stream, after, "+", count: 10_000);
            var start = after == "-" ? 0 : 1;
            if (page.Length <= start)
            {
                return ids;
            }

            for (var i = start; i < page.Length; i++)
            {
                ids.Add((long)page[i]["id"]);
            }

            after = page[^1].Id;
        }
    }

    /// <summary>Deletes every key under the prefix on every primary.</summary>
    public static async Task DeleteAsync(IConnectionMultiplexer redis, string prefix, int database = -1)
    {
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            var batch = new List<Task>();
            await foreach (var key in server.KeysAsync(database, prefix + ":*", pageSize: 10_000))
            {
                batch.Add(redis.GetDatabase(database).KeyDeleteAsync(key, CommandFlags.FireAndForget));
            }

            await Task.WhenAll(batch);
        }
    }
}
