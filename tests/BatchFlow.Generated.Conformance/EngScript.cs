using System.Diagnostics;

namespace BatchFlow.Conformance;

/// <summary>Runs a function of one of the repository's eng/ server scripts (stop, start), for tests that restart a server.</summary>
public static class EngScript
{
    /// <summary>
    /// Sources <c>eng/<paramref name="script"/></c> (found above the test's output folder) in bash and runs
    /// <paramref name="function"/>, bounded at 2 minutes; throws with the script's output when it fails.
    /// </summary>
    /// <param name="script">The script's file name, e.g. <c>mariadb.sh</c>.</param>
    /// <param name="function">The function it defines, e.g. <c>bf_mariadb_stop</c>.</param>
    public static async Task RunAsync(string script, string function)
    {
        var path = Find(script);
        var start = new ProcessStartInfo("bash", ["-c", $"source \"{path}\" >/dev/null && {function}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{function} (eng/{script}) failed with exit code {process.ExitCode}: {await output.ConfigureAwait(false)} {await error.ConfigureAwait(false)}");
        }
    }

    private static string Find(string script)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "eng", script);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"eng/{script} was not found above {AppContext.BaseDirectory}");
    }
}
