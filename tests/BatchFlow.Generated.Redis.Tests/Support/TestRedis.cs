using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests.Support;

/// <summary>
/// The Redis server the tests run against, named by the BATCHFLOW_REDIS configuration string that eng/redis.sh exports
/// (for example <c>127.0.0.1:6379,allowAdmin=true</c>). A missing variable fails the test: these tests never skip.
/// </summary>
public static class TestRedis
{
    public const string Variable = "BATCHFLOW_REDIS";

    private static readonly Lazy<Task<ConnectionMultiplexer>> s_connection = new(() => ConnectionMultiplexer.ConnectAsync(Configuration));

    public static string Configuration =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The Redis integration tests need a server: run them through eng/test.sh, or " +
                "`source eng/redis.sh` first (it starts Redis on 127.0.0.1 and exports the variable).");

    /// <summary>One connection shared by every test (as an application would share it).</summary>
    public static Task<ConnectionMultiplexer> ConnectAsync() => s_connection.Value;

    public static async Task<IDatabase> DatabaseAsync() => (await ConnectAsync()).GetDatabase();

    /// <summary>A fresh key prefix, so that tests running side by side never share a key.</summary>
    public static string UniquePrefix(string name) => $"bf-test:{name}:{Guid.NewGuid():N}";

    /// <summary>The hash at <paramref name="key"/> as field → text.</summary>
    public static async Task<Dictionary<string, string>> HashAsync(string key)
    {
        var entries = await (await DatabaseAsync()).HashGetAllAsync(key);
        return entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
    }

    /// <summary>Calls of each command (<c>INFO commandstats</c>), to count what a write sent.</summary>
    public static async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var connection = await ConnectAsync();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var info = await server.InfoAsync("commandstats");
        var calls = new Dictionary<string, long>();
        foreach (var group in info)
        {
            foreach (var pair in group)
            {
                // cmdstat_hset: calls=1000,usec=…,rejected_calls=0,failed_calls=1
                var name = pair.Key["cmdstat_".Length..];
                foreach (var part in pair.Value.Split(','))
                {
                    var (label, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
                    if (label is "calls" or "rejected_calls")
                    {
                        calls[name] = calls.GetValueOrDefault(name) + long.Parse(value, CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        return calls;
    }
}

/// <summary>Tests that read server-wide counters or pause the server run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialRedisTests
{
    public const string Name = "Serial Redis tests";
}
