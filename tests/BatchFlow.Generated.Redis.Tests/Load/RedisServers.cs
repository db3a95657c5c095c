using BatchFlow.Conformance;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests.Load;

/// <summary>
/// The servers eng/redis.sh starts (BATCHFLOW_REDIS, BATCHFLOW_REDIS_DURABLE, BATCHFLOW_REDIS_CLUSTER) and the
/// restart of the durable one through its functions (<c>bf_redis_durable_stop</c>, <c>bf_redis_durable_start</c>).
/// </summary>
internal static class RedisServers
{
    public static string Standalone => Variable("BATCHFLOW_REDIS");

    public static string Durable => Variable("BATCHFLOW_REDIS_DURABLE");

    public static string Cluster => Variable("BATCHFLOW_REDIS_CLUSTER");

    /// <summary>A multiplexer that keeps retrying to connect (a restart must not end it).</summary>
    public static Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 10;
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    public static async Task RestartDurableAsync(TimeSpan down)
    {
        await RunAsync("bf_redis_durable_stop");
        await Task.Delay(down);
        await RunAsync("bf_redis_durable_start");
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through eng/test.sh, or `source eng/redis.sh` first.");

    private static Task RunAsync(string function) => EngScript.RunAsync("redis.sh", function);
}
