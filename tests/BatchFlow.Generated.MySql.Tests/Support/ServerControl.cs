using System.Diagnostics;

namespace BatchFlow.MySql.Tests.Support;

/// <summary>Tests that kill the server's connections or restart it run alone: no other test of this project runs meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerControl
{
    public const string Name = "server control";

    /// <summary>
    /// Stops the server and starts it again through eng/mariadb.sh (<c>bf_mariadb_stop</c>, <c>bf_mariadb_start</c>:
    /// mariadb-admin shutdown, then mysqld_safe, each bounded at 60 s). Needs the local server eng/mariadb.sh started,
    /// and root (as CI runs).
    /// </summary>
    public static async Task RestartAsync(TimeSpan down)
    {
        await RunAsync("bf_mariadb_stop");
        await Task.Delay(down);
        await RunAsync("bf_mariadb_start");
    }

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
            throw new InvalidOperationException($"{function} (eng/mariadb.sh) failed with exit code {process.ExitCode}: {await output} {await error}");
        }
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "eng", "mariadb.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException("eng/mariadb.sh was not found above " + AppContext.BaseDirectory);
    }
}
