using System.Diagnostics;
using System.Globalization;

namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>
/// The shutdown host running in a child process (<c>dotnet BatchFlow.Generated.ShutdownHost.dll ...</c>), with every
/// line it prints on stdout and stderr kept in order. A test waits for its progress, sends it SIGTERM and reads what it
/// printed once it has exited (<see cref="HostRun"/>). Disposing it kills a host still running, with its children.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _newLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process, ITestOutputHelper output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>Starts the host with <paramref name="arguments"/> (see the host's HostSettings.Usage).</summary>
    public static HostProcess Start(ITestOutputHelper output, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostLocation.Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The host's console logger writes plain lines to a pipe; no first-run banners or telemetry notices.
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        output.WriteLine($"$ dotnet {string.Join(' ', info.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a))}");

        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, output);
        process.OutputDataReceived += (_, e) => host.Receive(e.Data, "", host._stdoutClosed);
        process.ErrorDataReceived += (_, e) => host.Receive(e.Data, "stderr: ", host._stderrClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public int Id => _process.Id;

    /// <summary>
    /// Waits until the host prints "ready" and then a progress line <c>accepted N written W</c> with rows written and
    /// at least <paramref name="minimumAccepted"/> accepted: the producer is submitting and the flow is writing.
    /// </summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>, or the host exited first.</exception>
    public async Task<(long Accepted, long Written)> WaitUntilWritingAsync(long minimumAccepted, TimeSpan timeout)
    {
        var line = await WaitForLineAsync(
            line => Progress(line) is { } progress && progress.Written > 0 && progress.Accepted >= minimumAccepted,
            "a progress line with rows written",
            timeout).ConfigureAwait(false);
        return Progress(line)!.Value;
    }

    /// <summary>Waits for the first line that matches <paramref name="match"/>, printed so far or later.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var seen = 0;
        while (true)
        {
            Task newLine;
            lock (_lines)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return _lines[seen];
                    }
                }

                newLine = _newLine.Task;
            }

            if (_process.HasExited && _stdoutClosed.Task.IsCompleted && _stderrClosed.Task.IsCompleted && !HasUnseenLines(seen))
            {
                throw new TimeoutException($"The host exited (code {_process.ExitCode}) before it printed {what}.\n{Tail()}");
            }

            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The host did not print {what} within {timeout.TotalSeconds} s.\n{Tail()}");
            }

            // Wakes on the next line, or soon after the process exits (its streams close then).
            await Task.WhenAny(newLine, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends SIGTERM and waits until the host has exited and closed its output. The time is measured from the signal.
    /// </summary>
    /// <exception cref="TimeoutException">The host was still running after <paramref name="timeout"/>: it is killed (with its children).</exception>
    public async Task<HostRun> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Signals.Terminate(_process.Id);
        using (var wait = new CancellationTokenSource(timeout))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException($"The host did not exit within {timeout.TotalSeconds} s of SIGTERM and was killed.\n{Tail()}");
            }
        }

        var exited = clock.Elapsed;
        // The exit can be seen before the last lines were read off the pipes.
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        string[] lines;
        lock (_lines)
        {
            lines = [.. _lines];
        }

        _output.WriteLine($"exit code {_process.ExitCode}, {exited.TotalSeconds:F2} s after SIGTERM");
        return new HostRun(_process.ExitCode, exited, lines);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    /// <summary>The counts of a progress line <c>accepted N written W</c>, or null for another line.</summary>
    private static (long Accepted, long Written)? Progress(string line)
    {
        var parts = line.Split(' ');
        return parts is ["accepted", var accepted, "written", var written]
            ? (long.Parse(accepted, CultureInfo.InvariantCulture), long.Parse(written, CultureInfo.InvariantCulture))
            : null;
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private bool HasUnseenLines(int seen)
    {
        lock (_lines)
        {
            return seen < _lines.Count;
        }
    }

    private void Receive(string? line, string prefix, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            Wake();
            return;
        }

        lock (_lines)
        {
            _lines.Add(prefix + line);
        }

        // Progress lines come by the dozen a second, and a logged exception's stack frames by the dozen per failed row:
        // the test output keeps everything else (a run's lines keep them all).
        if (!line.StartsWith("accepted ", StringComparison.Ordinal) && !line.TrimStart().StartsWith("at ", StringComparison.Ordinal))
        {
            try
            {
                _output.WriteLine(prefix + line);
            }
            catch (InvalidOperationException)
            {
                // The test has ended (a host killed late still prints).
            }
        }

        Wake();
    }

    private void Wake()
    {
        TaskCompletionSource woken;
        lock (_lines)
        {
            woken = _newLine;
            _newLine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    private string Tail()
    {
        lock (_lines)
        {
            return "Last lines of the host:\n" + string.Join('\n', _lines.TakeLast(40));
        }
    }
}
