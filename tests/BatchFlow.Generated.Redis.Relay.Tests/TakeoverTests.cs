using BatchFlow.Redis.Relay.Coordination;
using BatchFlow.Redis.Relay.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Tests;

/// <summary>Leases, shares and claims between relays, on a fake clock (the relays judge lease expiry by it) and the real servers.</summary>
public sealed class TakeoverTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(3);

    private static RedisStreamRelayOptions On(FakeTimeProvider clock, int partitions = 1, string? consumer = null) => new()
    {
        Partitions = partitions,
        ClaimIdleTime = s_lease,
        TimeProvider = clock,
        ConsumerName = consumer,
    };

    private static BatchFlowOptions Target() => new() { FlushSize = 500, LingerTime = TimeSpan.FromMilliseconds(50) };

    /// <summary>
    /// A consumer read 100 entries and died holding the partition's lease: the live relay leaves them alone until the
    /// lease has expired on the clock, then claims and writes every one.
    /// </summary>
    [Fact]
    public async Task Entries_a_dead_relay_left_pending_are_claimed_and_written_once_its_lease_has_expired()
    {
        var redis = await Servers.RedisAsync();
        var db = redis.GetDatabase();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("claim");
        await Streams.ProduceAsync(redis, stream, 1, Enumerable.Range(0, 100).Select(k => new RelayAccount(k, "n", k)));
        await db.StreamCreateConsumerGroupAsync(stream, "batchflow", StreamPosition.Beginning);
        Assert.Equal(100, (await db.StreamReadGroupAsync(stream, "batchflow", "dead", StreamPosition.NewMessages, 1000)).Length);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The dead relay's lease runs 6 s from now; the live relay beats every second (a third of its 3 s lease time).
        var start = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var deadLeases = new RelayLeases(db, stream, "batchflow", "dead", 1, TimeSpan.FromSeconds(6));
        Assert.True(await deadLeases.TryHoldAsync(0, start));

        await using var target = RelayAccountFlow.Postgres(table.DataSource, Target());
        await using var relay = new RedisStreamRelay<RelayAccount>(redis, stream, target, On(clock, consumer: "live"));
        var run = relay.RunAsync();

        // Beats inside the dead relay's lease: the live relay takes nothing.
        await Eventually.HoldsAsync(
            async () => (await db.SortedSetScoreAsync($"{stream}:relays:batchflow", "live") ?? 0) >= start + 2000,
            "the live relay beat twice after its first beat", clock, TimeSpan.FromMilliseconds(100));
        Assert.True(clock.GetUtcNow().ToUnixTimeMilliseconds() < start + 6000, "the beats came inside the dead relay's lease");
        Assert.Equal(0, relay.GetStatistics().OwnedPartitions);
        Assert.Empty(await table.RowsAsync());
        Assert.Equal(100, await Streams.PendingAsync(redis, stream, 1));

        await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == 100, "the dead relay's entries written", clock, TimeSpan.FromMilliseconds(500));
        Assert.Equal(100, relay.GetStatistics().Claimed);
        Assert.Equal(100, (await table.RowsAsync()).Count);
        Assert.Equal(0, await Streams.PendingAsync(redis, stream, 1));
        await relay.DisposeAsync();
        await run;
    }

    /// <summary>An entry that relays kept dying on (delivered 5 times already) goes to the dead-letter stream unwritten on its 6th delivery.</summary>
    [Fact]
    public async Task An_entry_delivered_more_than_MaxDeliveries_times_is_dead_lettered_without_being_written()
    {
        var redis = await Servers.RedisAsync();
        var db = redis.GetDatabase();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("deliveries");
        await Streams.ProduceAsync(redis, stream, 1, [new RelayAccount(1, "crashes relays", 1)]);
        await db.StreamCreateConsumerGroupAsync(stream, "batchflow", StreamPosition.Beginning);
        var id = Assert.Single(await db.StreamReadGroupAsync(stream, "batchflow", "crashed-0", StreamPosition.NewMessages)).Id;
        for (var i = 1; i < 5; i++)
        {
            Assert.Single(await db.StreamClaimAsync(stream, "batchflow", $"crashed-{i}", 0, [id]));
        }

        Assert.Equal(5, Assert.Single(await db.StreamPendingMessagesAsync(stream, "batchflow", 10, RedisValue.Null)).DeliveryCount);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var target = RelayAccountFlow.Postgres(table.DataSource, Target());
        var options = On(clock);
        options.MaxDeliveries = 5;
        await using var relay = new RedisStreamRelay<RelayAccount>(redis, stream, target, options);
        var run = relay.RunAsync();
        await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == 1, "the entry settled", clock);

        Assert.Empty(await table.RowsAsync());
        var letter = Assert.Single(await Streams.DeadLettersAsync(redis, relay.DeadLetterStreamKey));
        Assert.Equal("6", letter["batchflow:deliveries"]);
        Assert.Contains("MaxDeliveries (5)", letter["batchflow:error"]);
        Assert.Equal((string?)id, letter["batchflow:source_id"]);
        await relay.DisposeAsync();
        await run;
    }

    /// <summary>
    /// Two relays over 6 partitions hold 3 each; every row is written once; when one stops, the other takes all 6 and
    /// writes what is produced after.
    /// </summary>
    [Fact]
    public async Task Relays_share_the_partitions_fairly_and_one_takes_over_all_of_them_when_the_other_stops()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("share");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var target = RelayAccountFlow.Postgres(table.DataSource, Target());
        await using var first = new RedisStreamRelay<RelayAccount>(redis, stream, target, On(clock, 6, "first"));
        await using var second = new RedisStreamRelay<RelayAccount>(redis, stream, target, On(clock, 6, "second"));
        using var stopFirst = new CancellationTokenSource();
        var runFirst = first.RunAsync(stopFirst.Token);
        await Eventually.HoldsAsync(() => first.GetStatistics().OwnedPartitions == 6, "the first relay holds all 6", clock, TimeSpan.FromSeconds(1));
        var runSecond = second.RunAsync();
        await Eventually.HoldsAsync(
            () => first.GetStatistics().OwnedPartitions == 3 && second.GetStatistics().OwnedPartitions == 3,
            "3 partitions each", clock, TimeSpan.FromSeconds(1));

        await Streams.ProduceAsync(redis, stream, 6, Enumerable.Range(0, 3000).Select(k => new RelayAccount(k, "a", k)));
        await Eventually.HoldsAsync(() => first.GetStatistics().Acknowledged + second.GetStatistics().Acknowledged == 3000, "every entry acknowledged", clock);
        Assert.True(first.GetStatistics().Written > 0 && second.GetStatistics().Written > 0, "both relays wrote");
        Assert.Equal(3000, first.GetStatistics().Written + second.GetStatistics().Written);

        await stopFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runFirst);
        await Eventually.HoldsAsync(() => second.GetStatistics().OwnedPartitions == 6, "the second relay holds all 6", clock, TimeSpan.FromSeconds(1));
        await Streams.ProduceAsync(redis, stream, 6, Enumerable.Range(0, 3000).Select(k => new RelayAccount(k, "b", k)));
        await Eventually.HoldsAsync(() => second.GetStatistics().Acknowledged - 0 >= 3000 && first.GetStatistics().Acknowledged + second.GetStatistics().Acknowledged == 6000, "the later entries acknowledged", clock);

        var stored = await table.RowsAsync();
        Assert.Equal(3000, stored.Count);
        Assert.All(stored.Values, v => Assert.Equal("b", v.Name));
        Assert.Equal(0, await Streams.PendingAsync(redis, stream, 6));
        await second.DisposeAsync();
        await runSecond;
    }
}
