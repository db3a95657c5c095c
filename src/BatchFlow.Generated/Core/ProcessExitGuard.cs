using System.Collections.Concurrent;

namespace BatchFlow;

/// <summary>
/// The safety net below every host: when the process exits normally (<see cref="AppDomain.ProcessExit"/>, which also
/// runs on SIGTERM), flows that their owner never completed (registered as an instance in a container that does not
/// dispose it, or never disposed at all) are completed, each within its
/// <see cref="BatchFlowOptions.ProcessExitTimeout"/>, with a warning in the log; rows still unwritten then are
/// treated as at a shutdown deadline (dead-letter file or failure handler).
/// </summary>
internal static class ProcessExitGuard
{
    private static readonly ConcurrentDictionary<IGuardedFlow, byte> s_flows = new();
    private static int s_hooked;

    public static void Watch(IGuardedFlow flow)
    {
        if (flow.ProcessExitTimeout <= TimeSpan.Zero)
        {
            return;
        }

        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += static (_, _) => CompleteAll();
        }

        s_flows.TryAdd(flow, 0);
    }

    public static void Forget(IGuardedFlow flow) => s_flows.TryRemove(flow, out _);

    private static void CompleteAll()
    {
        var pending = new List<Task>();
        foreach (var flow in s_flows.Keys)
        {
            // A flow its owner is completing without a deadline (a DisposeAsync in flight) gets one too: when it passes,
            // the rows still held go to the dead-letter file or the handler instead of dying with the process.
            if (!flow.IsCompleting)
            {
                flow.LogCompletingAtProcessExit();
            }

            var deadline = new CancellationTokenSource(flow.ProcessExitTimeout);
            pending.Add(flow.CompleteAsync(deadline.Token).ContinueWith(
                static (_, state) => ((CancellationTokenSource)state!).Dispose(), deadline, TaskScheduler.Default));
        }

        try
        {
            // Every flow has its own deadline; this bound only guards against a flow that ignores its own.
            Task.WaitAll([.. pending], s_flows.Keys.Select(f => f.ProcessExitTimeout).DefaultIfEmpty().Max() + TimeSpan.FromSeconds(5));
        }
#pragma warning disable CA1031 // Nothing may escape a process-exit handler; each flow has logged its own failures.
        catch
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>What <see cref="ProcessExitGuard"/> needs of a flow.</summary>
internal interface IGuardedFlow
{
    TimeSpan ProcessExitTimeout { get; }

    bool IsCompleting { get; }

    Task Completion { get; }

    Task CompleteAsync(CancellationToken cancellationToken);

    void LogCompletingAtProcessExit();
}
