using System.Diagnostics;

namespace BatchFlow.WebApi.Tests.Support;

/// <summary>Waiting for a state the app reaches by itself (a row accepted by its flow), bounded in real time.</summary>
public static class Wait
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails after 30 s of real time.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var real = Stopwatch.StartNew();
        while (!condition())
        {
            if (real.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Not within 30 s: {what}.");
            }

            await Task.Delay(1);
        }
    }
}
