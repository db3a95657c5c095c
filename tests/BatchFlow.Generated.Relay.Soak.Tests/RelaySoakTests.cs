using System.Diagnostics;
using System.Globalization;
using BatchFlow.Relay.Soak.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Relay.Soak.Tests;

/// <summary>
/// Producer and relay processes on loopback, the real Redis (single server or the 3-master cluster) and the real
/// PostgreSQL: 4 producers write every key twice with confirmed submits into 6 partitions; 3 relays write them into
/// <c>soak_accounts</c> with <c>Conflict.Update</c>, while one relay is killed with SIGKILL twice and restarted.
/// </summary>
public sealed class RelaySoakTests(ITestOutputHelper output)
{
    private const int Producers = 4;
    private const int Partitions = 6;
    private const int Poison = 10;
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(4);

    [Fact]
    public Task Every_key_ends_once_with_its_last_value_through_two_SIGKILLs_of_a_relay() => RunAsync("BATCHFLOW_REDIS");

    [Fact]
    public Task The_same_on_the_three_master_cluster() => RunAsync("BATCHFLOW_REDIS_CLUSTER");

    /// <summary>A producer killed mid-run: every key whose two confirmed submits had returned is in the table (the stream held them).</summary>
    [Fact]
    public async Task Rows_a_killed_producer_had_confirmed_reach_the_table()
    {
        var keys = SoakRun.Keys;
        var redisConfiguration = SoakRun.Variable("BATCHFLOW_REDIS");
        await using var table = await SoakTable.CreateAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var stream = $"bf-soak:{Guid.NewGuid():N}";
        var relays = Enumerable.Range(0, 2).Select(r => StartRelay(redisConfiguration, stream, table, $"relay-{r}")).ToList();
        var producers = Enumerable.Range(0, Producers).Select(p => StartProducer(redisConfiguration, stream, p, keys, poison: 0)).ToList();
        try
        {
            var victim = producers[1];
            await SoakRun.UntilAsync(() => Task.FromResult(victim.Lines().Count(l => l.StartsWith("confirmed ", StringComparison.Ordinal)) >= 2 * SoakRun.Workers || victim.HasExited), "producer 1 confirming rows", s_bound, output);
            Assert.False(victim.HasExited, "producer 1 finished before it could be killed: raise BATCHFLOW_SOAK_KEYS");
            victim.KillHard();
            var confirmed = SoakRun.ConfirmedKeys(victim, 1, Producers, keys);
            output.WriteLine($"producer 1 killed after {confirmed.Length} confirmed keys of {keys / Producers}");
            Assert.NotEmpty(confirmed);

            foreach (var producer in producers.Where(p => p != victim))
            {
                await producer.WaitForExitAsync(s_bound);
                Assert.Equal(0, producer.ExitCode);
            }

            var db = redis.GetDatabase();
            await SoakRun.UntilAsync(async () => await SoakRun.BacklogAsync(db, stream, Partitions) == (0, 0), "the relays caught up", s_bound, output,
                async () => $"{await SoakRun.BacklogAsync(db, stream, Partitions)} (pending, lag)");

            Assert.Empty(await table.MissingAtVersion2Async(confirmed));
            var others = Enumerable.Range(0, keys).Where(k => k % Producers != 1).Select(k => (long)k).ToArray();
            Assert.Empty(await table.MissingAtVersion2Async(others));
        }
        finally
        {
            await StopAsync(relays, producers);
        }
    }

    private async Task RunAsync(string redisVariable)
    {
        var keys = SoakRun.Keys;
        var redisConfiguration = SoakRun.Variable(redisVariable);
        await using var table = await SoakTable.CreateAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var stream = $"bf-soak:{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        var db = redis.GetDatabase();
        var relays = Enumerable.Range(0, 3).Select(r => StartRelay(redisConfiguration, stream, table, $"relay-{r}")).ToList();
        var producers = Enumerable.Range(0, Producers).Select(p => StartProducer(redisConfiguration, stream, p, keys, Poison)).ToList();
        try
        {
            // Kill relay 0 with SIGKILL once it is writing, restart it under a new name; twice.
            for (var kill = 1; kill <= 2; kill++)
            {
                var victim = relays[0];
                await SoakRun.UntilAsync(() => Task.FromResult(Written(victim) > 5_000), $"{victim.Name} writing", s_bound, output);
                var backlog = await SoakRun.BacklogAsync(db, stream, Partitions);
                Assert.True(backlog.Lag > 0, "the relays had caught up before the relay was killed: raise BATCHFLOW_SOAK_KEYS");
                output.WriteLine($"{clock.Elapsed}: SIGKILL {victim.Name} after it wrote {Written(victim)} rows; backlog {backlog} (pending, lag)");
                victim.KillHard();
                relays[0] = StartRelay(redisConfiguration, stream, table, $"relay-0-restart-{kill}");
            }

            foreach (var producer in producers)
            {
                await producer.WaitForExitAsync(s_bound);
                Assert.Equal(0, producer.ExitCode);
                Assert.Equal("done", producer.Lines().LastOrDefault());
            }

            output.WriteLine($"{clock.Elapsed}: producers done ({2L * keys + Poison} rows confirmed into the stream)");
            await SoakRun.UntilAsync(async () => await SoakRun.BacklogAsync(db, stream, Partitions) == (0, 0) && (await table.CountAsync()).AtVersion2 == keys,
                "every key at its last version and nothing pending", s_bound, output,
                async () => $"backlog {await SoakRun.BacklogAsync(db, stream, Partitions)}, table {await table.CountAsync()}");
            output.WriteLine($"{clock.Elapsed}: caught up; relay statistics: {string.Join(" | ", relays.Select(r => $"{r.Name}: {r.LastLine("written ")}"))}");

            var (rows, atVersion2, keySum) = await table.CountAsync();
            Assert.Equal((long)keys, rows);
            Assert.Equal((long)keys, atVersion2);
            Assert.Equal((long)keys * (keys - 1) / 2, keySum);

            // The poison rows are dead-lettered with PostgreSQL's error (a relay killed between the dead letter and the
            // acknowledgement would add one twice: the ids are what must match).
            var dead = await db.StreamRangeAsync($"{stream}:dead");
            var deadIds = dead.Select(e => (long)e["id"]).Distinct().Order().ToArray();
            Assert.Equal(Enumerable.Range(keys, Poison).Select(i => (long)i), deadIds);
            Assert.All(dead, e => Assert.Contains("soak_score_not_negative", (string?)e["batchflow:error"], StringComparison.Ordinal));
            output.WriteLine($"dead letters: {dead.Length} entries, {deadIds.Length} distinct ids; first error: {(string?)dead[0]["batchflow:error"]}");
        }
        finally
        {
            await StopAsync(relays, producers);
        }
    }

    private Child StartRelay(string redis, string stream, SoakTable table, string name) =>
        Child.Start(name, output, "relay", redis, stream, Partitions.ToString(CultureInfo.InvariantCulture), table.ConnectionString, name);

    private Child StartProducer(string redis, string stream, int producer, int keys, int poison) =>
        Child.Start($"producer-{producer}", output, "produce", redis, stream, Partitions.ToString(CultureInfo.InvariantCulture),
            producer.ToString(CultureInfo.InvariantCulture), Producers.ToString(CultureInfo.InvariantCulture),
            keys.ToString(CultureInfo.InvariantCulture), poison.ToString(CultureInfo.InvariantCulture));

    private static long Written(Child relay) =>
        relay.LastLine("written ") is { } line ? long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) : 0;

    private static async Task StopAsync(List<Child> relays, List<Child> producers)
    {
        foreach (var relay in relays)
        {
            await relay.TerminateAsync();
            relay.Dispose();
        }

        foreach (var producer in producers)
        {
            producer.Dispose();
        }
    }
}
