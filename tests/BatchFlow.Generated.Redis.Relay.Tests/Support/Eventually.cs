using Microsoft.Extensions.Time.Testing;

namespace BatchFlow.Redis.Relay.Tests.Support;

/// <summary>
/// Waits for what relays do in the background against real servers: checks a condition until it holds, advancing a
/// fake clock (when given) a step between checks, so that the relays' beats and waits come due. The real-time bound
/// only ends a test that would otherwise hang; nothing here measures time.
/// </summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, FakeTimeProvider? clock = null, TimeSpan? step = null, TimeSpan? bound = null)
    {
        var giveUp = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"Still not true after {(bound ?? TimeSpan.FromSeconds(60)).TotalSeconds} s: {what}.");
            }

            clock?.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, FakeTimeProvider? clock = null, TimeSpan? step = null, TimeSpan? bound = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, clock, step, bound);
}
