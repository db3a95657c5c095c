using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Relay.Soak.Tests.Support;

/// <summary>What a soak run checks in Redis: pending and undelivered entries over the partitions, and the dead letters.</summary>
public static class SoakRun
{
    public const int Workers = 256;

    /// <summary>Keys per run (two rows each): BATCHFLOW_SOAK_KEYS, default 500,000 (1,000,000 rows).</summary>
    public static int Keys => int.TryParse(Environment.GetEnvironmentVariable("BATCHFLOW_SOAK_KEYS"), NumberStyles.None, CultureInfo.InvariantCulture, out var keys) ? keys : 500_000;

    public static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through eng/test.sh, or `source eng/servers.sh` first.");

    public static IEnumerable<string> Partitions(string stream, int partitions) =>
        partitions == 1 ? [stream] : Enumerable.Range(0, partitions).Select(p => string.Create(CultureInfo.InvariantCulture, $"{stream}:{p}"));

    /// <summary>Entries delivered and not acknowledged, plus entries not yet delivered, over every partition.</summary>
    public static async Task<(long Pending, long Lag)> BacklogAsync(IDatabase db, string stream, int partitions)
    {
        long pending = 0, lag = 0;
        foreach (var key in Partitions(stream, partitions))
        {
            if (!await db.KeyExistsAsync(key))
            {
                lag += 1; // not even created yet: not caught up
                continue;
            }

            var groups = await db.StreamGroupInfoAsync(key);
            var group = groups.FirstOrDefault(g => g.Name == "batchflow");
            if (group.Name is null)
            {
                lag += await db.StreamLengthAsync(key);
                continue;
            }

            pending += group.PendingMessageCount;
            lag += group.Lag ?? 0;
        }

        return (pending, lag);
    }

    /// <summary>The keys of producer <paramref name="producer"/> whose two versions were confirmed, from the "confirmed w n" lines it printed.</summary>
    public static long[] ConfirmedKeys(Child child, int producer, int producers, int keys)
    {
        var mine = Enumerable.Range(0, keys).Where(k => k % producers == producer).Select(k => (long)k).ToArray();
        var done = new int[Workers];
        foreach (var line in child.Lines().Where(l => l.StartsWith("confirmed ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            var worker = int.Parse(parts[1], CultureInfo.InvariantCulture);
            done[worker] = Math.Max(done[worker], int.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        var confirmed = new List<long>();
        for (var w = 0; w < Workers; w++)
        {
            for (var j = 0; j < done[w]; j++)
            {
                confirmed.Add(mine[w + (j * Workers)]);
            }
        }

        return [.. confirmed];
    }

    /// <summary>Checks a condition until it holds or the bound passes (the processes work meanwhile; nothing here measures time).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan bound, ITestOutputHelper output, Func<Task<string>>? describe = null)
    {
        var giveUp = DateTime.UtcNow + bound;
        var lastReport = DateTime.UtcNow;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"Not within {bound.TotalSeconds} s: {what}. {(describe is null ? "" : await describe())}");
            }

            if (describe is not null && DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(10))
            {
                output.WriteLine($"waiting for {what}: {await describe()}");
                lastReport = DateTime.UtcNow;
            }

            await Task.Delay(250);
        }
    }
}
