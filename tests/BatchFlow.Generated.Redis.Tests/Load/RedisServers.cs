using System.Diagnostics;
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

    private static async Task RunAsync(string function)
    {
        var script = FindScript();
        var start = new ProcessStartInfo("bash", ["-c", $"source \"{script}\" >/dev/null && {function}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{function} (eng/redis.sh) failed with exit code {process.ExitCode}: {await output} {await error}");
        }
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "eng", "redis.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException("eng/redis.sh was not found above " + AppContext.BaseDirectory);
    }
}
