using System.Runtime.InteropServices;

namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>POSIX signals to a child process: what systemd, Docker or Kubernetes send a service to stop it.</summary>
internal static class Signals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>.</summary>
    /// <exception cref="InvalidOperationException">kill(2) failed (the process is gone, or this is not a POSIX system).</exception>
    public static void Terminate(int pid)
    {
        if (Kill(pid, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    // DllImport rather than LibraryImport: blittable arguments need no marshalling code, and no unsafe code is needed.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
