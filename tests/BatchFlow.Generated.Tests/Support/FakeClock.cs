using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace BatchFlow.Tests.Support;

/// <summary>Helpers for tests whose time is a <see cref="FakeTimeProvider"/>: nothing waits on the wall clock.</summary>
public static class FakeClock
{
    /// <summary>A fake clock at a fixed start, advancing only when a test says so.</summary>
    public static FakeTimeProvider Create() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Returns once the flow's reader has taken every row submitted so far and waits for more: then nothing but the
    /// clock can start a write, so moving the clock next is deterministic. Fails after 30 s of real time.
    /// </summary>
    public static async Task WhenReaderWaitsAsync<T>(BatchFlow<T> flow)
    {
        var real = Stopwatch.StartNew();
        while (!flow.IsReaderWaiting)
        {
            if (real.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The flow's reader did not come to wait for rows within 30 s.");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>
    /// Moves the clock by <paramref name="step"/> until <paramref name="task"/> ends, letting the thread pool run
    /// between steps (backoff delays and attempt timeouts wait on the fake clock). Fails after 30 s of real time.
    /// </summary>
    public static async Task RunAsync(FakeTimeProvider time, Task task, TimeSpan step)
    {
        var real = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (real.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The task did not end within 30 s of real time while the fake clock ran.");
            }

            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(1));
        }

        await task;
    }
}
