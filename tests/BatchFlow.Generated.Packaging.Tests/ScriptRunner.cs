using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace BatchFlow.Packaging.Tests;

/// <summary>Runs a script of eng/ with bash from the repository root and returns its exit code and output.</summary>
internal static class ScriptRunner
{
    /// <summary>Generous: a fresh machine installs clang and compiles NativeAOT from nothing.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    private const int TailLines = 60;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Runs <c>bash <paramref name="script"/></c>, writes its whole output to <paramref name="output"/>, and fails with
    /// the output's tail unless it exits 0 within <see cref="Timeout"/> (the process tree is killed then).
    /// </summary>
    public static async Task AssertSucceedsAsync(string script, ITestOutputHelper output)
    {
        // The script's output goes to a file, not to a pipe: build servers that its dotnet commands leave running
        // would hold a pipe open long after the script has exited.
        var log = Path.Combine(Path.GetTempPath(), $"batchflow-{Path.GetFileNameWithoutExtension(script)}-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec bash \"$0\" >\"$1\" 2>&1 </dev/null");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(log);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var exited = await WaitAsync(process, Timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        clock.Stop();
        var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no output)";
        File.Delete(log);
        output.WriteLine($"bash {script}: {(exited ? $"exit code {process.ExitCode}" : "timed out")} after {clock.Elapsed.TotalSeconds:N1} s");
        output.WriteLine(text);

        if (!exited)
        {
            Assert.Fail($"bash {script} did not finish within {Timeout.TotalMinutes} minutes and was killed. Last lines:\n{Tail(text)}");
        }

        Assert.True(process.ExitCode == 0, $"bash {script} exited with {process.ExitCode}. Last lines:\n{Tail(text)}");
    }

    private static async Task<bool> WaitAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Tail(string text)
    {
        var lines = text.TrimEnd().Split('\n');
        var tail = new StringBuilder();
        foreach (var line in lines.Skip(Math.Max(0, lines.Length - TailLines)))
        {
            tail.Append(line.TrimEnd('\r')).Append('\n');
        }

        return tail.ToString();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BatchFlow.Generated.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No BatchFlow.Generated.sln above {AppContext.BaseDirectory}");
    }
}
