using System.Diagnostics;
using System.Reflection;
using BatchFlow.Tool.Tests.Support;

namespace BatchFlow.Tool.Tests;

/// <summary>The built tool as a process: arguments, exit codes and the two output streams as a shell sees them.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static string ToolAssembly =>
        typeof(ProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ToolAssembly").Value!;

    [Fact]
    public async Task The_built_tool_pulls_from_ddl_checks_and_reports_usage_errors_with_its_exit_codes()
    {
        Assert.True(File.Exists(ToolAssembly), $"the tool is not built at {ToolAssembly}");
        var ddl = _folder.Write("schema.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        var snapshot = _folder.File("batchflow.schema");

        var pull = await RunAsync("schema", "pull", "--provider", "sqlite", "--ddl", ddl, "--out", snapshot);
        var check = await RunAsync("schema", "pull", "--provider", "sqlite", "--ddl", ddl, "--out", snapshot, "--check");
        var changed = _folder.Write("changed.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT);");
        var differs = await RunAsync("schema", "pull", "--provider", "sqlite", "--ddl", changed, "--out", snapshot, "--check");
        var usage = await RunAsync("schema", "pull", "--provider", "sqlite");

        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Contains("wrote", pull.Out, StringComparison.Ordinal);
        Assert.Contains("table users", await File.ReadAllTextAsync(snapshot), StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("matches the database", check.Out, StringComparison.Ordinal);
        Assert.True(differs.ExitCode == 1, differs.ToString());
        Assert.Contains("table users: column nickname (TEXT) is in the database but not in the snapshot", differs.Out, StringComparison.Ordinal);
        Assert.True(usage.ExitCode == 2, usage.ToString());
        Assert.Contains("sqlite needs --connection", usage.Err, StringComparison.Ordinal);
    }

    private static async Task<ToolResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _folder.Dispose();
}
