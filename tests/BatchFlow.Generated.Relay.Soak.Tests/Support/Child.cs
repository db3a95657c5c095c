using System.Diagnostics;

namespace BatchFlow.Relay.Soak.Tests.Support;

/// <summary>A producer or relay process (<c>dotnet BatchFlow.Generated.RelayHost.dll …</c>) with every line it printed.</summary>
public sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private Child(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The host's dll, in its own output folder (same configuration and framework as these tests).</summary>
    public static string HostDll { get; } = FindHost();

    public static Child Start(string name, ITestOutputHelper output, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        var child = new Child(new Process { StartInfo = info }, name);
        child._process.OutputDataReceived += (_, e) => child.Receive(e.Data);
        child._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                child.Receive("stderr: " + e.Data);
                output.WriteLine($"{name} stderr: {e.Data}");
            }
        };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public List<string> Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    public string? LastLine(string prefix) => Lines().LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the exit.</summary>
    public async Task TerminateAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(bound.Token);
    }

    public async Task WaitForExitAsync(TimeSpan bound)
    {
        using var cancel = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(cancel.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }

    private static string FindHost()
    {
        const string Host = "BatchFlow.Generated.RelayHost";
        const string Tests = "BatchFlow.Generated.Relay.Soak.Tests";
        var output = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var project = new DirectoryInfo(output);
        while (project is not null && !File.Exists(Path.Combine(project.FullName, Tests + ".csproj")))
        {
            project = project.Parent;
        }

        var dll = project?.Parent is null ? null : Path.Combine(project.Parent.FullName, Host, Path.GetRelativePath(project.FullName, output), Host + ".dll");
        return dll is not null && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))
            ? dll
            : throw new InvalidOperationException($"{Host} is not built beside {output}: build the solution first.");
    }
}
