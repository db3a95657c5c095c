using System.Collections.Concurrent;
using StackExchange.Redis;
using BatchFlow.Redis.Tests.Support;
using Xunit.Abstractions;

namespace BatchFlow.Redis.Tests.Load;

/// <summary>
/// The flow's connections killed with <c>CLIENT KILL</c> at least three times, and the durable server
/// (<c>appendonly yes</c>, <c>appendfsync always</c>) restarted, while rows stream in: every hash stored exactly once or
/// reported (count and key sum); the stream, at least once by design, reports the duplicates it got.
/// </summary>
[Collection(SerialRedisTests.Name)]
public sealed class ConnectionLossTests(ITestOutputHelper output)
{
    private const long Rows = 300_000;

    [Fact]
    public async Task Clients_killed_three_times_mid_stream_leave_every_hash_stored_once_or_reported()
    {
        await using var redis = await RedisServers.ConnectAsync(RedisServers.Standalone);
        await using var admin = await RedisServers.ConnectAsync(RedisServers.Standalone);
        var prefix = "kill-" + Guid.NewGuid().ToString("N");
        var (options, failures) = LoadTests.Collecting<LoadRow>(maxAttempts: 40);
        int kills;
        try
        {
            await using (var flow = LoadRowFlow.RedisHash(redis, new RedisKeyOptions { Prefix = prefix }, options))
            {
                var producer = Task.Run(async () =>
                {
                    for (var id = 1L; id <= Rows; id++)
                    {
                        await flow.SubmitAsync(new LoadRow(id, "k", (int)(id % 8)));
                    }
                });
                kills = await KillClientsAsync(admin, producer, () => RedisStore.KeyStatsAsync(admin, prefix));
                await producer;
            }

            var stats = await RedisStore.KeyStatsAsync(admin, prefix);
            AssertStoredOnceOrReported(stats, failures, $"{kills} CLIENT KILLs");
            Assert.True(kills >= 3, $"Only {kills} kills.");
        }
        finally
        {
            await RedisStore.DeleteAsync(admin, prefix);
        }
    }

    [Fact]
    public async Task Clients_killed_three_times_mid_stream_leave_every_stream_entry_at_least_once_and_the_duplicates_are_counted()
    {
        await using var redis = await RedisServers.ConnectAsync(RedisServers.Standalone);
        await using var admin = await RedisServers.ConnectAsync(RedisServers.Standalone);
        var stream = "kill-stream-" + Guid.NewGuid().ToString("N");
        var (options, failures) = LoadTests.Collecting<LoadEntry>(maxAttempts: 40);
        int kills;
        try
        {
            await using (var flow = LoadEntryFlow.RedisStream(redis, stream, options: options))
            {
                var producer = Task.Run(async () =>
                {
                    for (var id = 1L; id <= Rows; id++)
                    {
                        await flow.SubmitAsync(new LoadEntry(id, "k", (int)(id % 8)));
                    }
                });
                kills = await KillClientsAsync(admin, producer, async () => (await admin.GetDatabase().StreamLengthAsync(stream), 0L, 0L));
                await producer;
            }

            var ids = await RedisStore.StreamIdsAsync(admin.GetDatabase(), stream);
            var distinct = ids.ToHashSet();
            var reported = failures.SelectMany(f => f.Rows).Select(r => r.Id).ToHashSet();
            output.WriteLine($"{kills} CLIENT KILLs: {ids.Count} entries, {distinct.Count} distinct, {ids.Count - distinct.Count} duplicates, {reported.Count} reported");
            Assert.True(kills >= 3, $"Only {kills} kills.");
            Assert.Empty(Enumerable.Range(1, (int)Rows).Select(i => (long)i).Where(id => !distinct.Contains(id) && !reported.Contains(id)).Take(10));
            Assert.All(distinct, id => Assert.InRange(id, 1, Rows));
        }
        finally
        {
            await admin.GetDatabase().KeyDeleteAsync(stream);
        }
    }

    [Fact]
    public async Task A_durable_server_restarted_mid_stream_leaves_every_hash_stored_once_or_reported()
    {
        await using var redis = await RedisServers.ConnectAsync(RedisServers.Durable);
        var prefix = "restart-" + Guid.NewGuid().ToString("N");
        var (options, failures) = LoadTests.Collecting<LoadRow>(maxAttempts: 60);
        const long total = 100_000;
        try
        {
            await using (var flow = LoadRowFlow.RedisHash(redis, new RedisKeyOptions { Prefix = prefix }, options))
            {
                var producer = Task.Run(async () =>
                {
                    for (var id = 1L; id <= total; id++)
                    {
                        await flow.SubmitAsync(new LoadRow(id, "r", (int)(id % 8)));
                    }
                });

                var until = DateTime.UtcNow.AddMinutes(1);
                while (DateTime.UtcNow < until && !producer.IsCompleted && (await RedisStore.KeyStatsAsync(redis, prefix)).Count < 10_000)
                {
                    await Task.Delay(20);
                }

                Assert.False(producer.IsCompleted, "The rows were all written before the restart: nothing was tested.");
                await RedisServers.RestartDurableAsync(TimeSpan.FromSeconds(1));
                await producer.WaitAsync(TimeSpan.FromMinutes(2));
            }

            var stats = await RedisStore.KeyStatsAsync(redis, prefix);
            AssertStoredOnceOrReported(stats, failures, "durable server restarted", total);
        }
        finally
        {
            await RedisStore.DeleteAsync(redis, prefix);
        }
    }

    /// <summary>Kills every normal client but its own, five times while rows are stored (at least 3 while the producer runs).</summary>
    private static async Task<int> KillClientsAsync(IConnectionMultiplexer admin, Task producer, Func<Task<(long Count, long, long)>> progress)
    {
        var kills = 0;
        var server = admin.GetServers().Single();
        long last = 0;
        while (!producer.IsCompleted && kills < 5)
        {
            var (count, _, _) = await progress();
            if (count >= last + 30_000)
            {
                await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                kills++;
                last = count;
            }
            else
            {
                await Task.Delay(10);
            }
        }

        return kills;
    }

    private void AssertStoredOnceOrReported((long Count, long Distinct, long Sum) stored, ConcurrentQueue<BatchFailure<LoadRow>> failures, string what, long total = Rows)
    {
        var reported = failures.SelectMany(f => f.Rows.Select(r => (r.Id, f.Exception))).ToList();
        var reasons = reported.GroupBy(r => $"{r.Exception.GetType().Name} ({r.Exception.Message})").Select(g => $"{g.Count()} × {g.Key}");
        output.WriteLine($"{what}: {total} submitted, {stored.Count} stored, {reported.Count} reported: {string.Join("; ", reasons)}");
        var reportedSum = reported.Sum(r => r.Id);
        Assert.Equal(stored.Count, stored.Distinct);
        Assert.Equal(total, stored.Count + reported.Count);
        Assert.Equal(total * (total + 1) / 2, stored.Sum + reportedSum);
    }
}
