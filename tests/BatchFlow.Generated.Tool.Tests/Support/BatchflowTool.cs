using BatchFlow.Snapshots;

namespace BatchFlow.Tool.Tests.Support;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the tool in-process, as <c>batchflow</c> would run with these arguments.</summary>
public static class BatchflowTool
{
    public static async Task<ToolResult> RunAsync(params string[] args)
    {
        using var @out = new StringWriter();
        using var err = new StringWriter();
        var code = await Program.RunAsync(args, @out, err);
        return new ToolResult(code, @out.ToString(), err.ToString());
    }

    /// <summary>Runs it and fails, showing all it printed, unless it exits with <paramref name="expected"/>.</summary>
    public static async Task<ToolResult> RunExpectingAsync(int expected, params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == expected, $"expected exit code {expected} from batchflow {string.Join(' ', args)}; got {result}");
        return result;
    }

    internal static SnapshotDocument ReadSnapshot(string path) => SnapshotText.Parse(File.ReadAllText(path));
}

/// <summary>A temporary folder for snapshot and DDL files, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "batchflow-tool-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the system.
        }
    }
}
