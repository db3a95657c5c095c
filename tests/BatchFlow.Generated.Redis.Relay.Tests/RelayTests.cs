using BatchFlow.Redis.Relay.Tests.Support;
using Npgsql;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Tests;

/// <summary>One relay between partitioned streams on the real Redis and a table on the real PostgreSQL.</summary>
public sealed class RelayTests
{
    private static BatchFlowOptions Target() => new() { FlushSize = 500, LingerTime = TimeSpan.FromMilliseconds(50) };

    /// <summary>300 keys × 10 versions over 4 partitions, read 200 at a time: the table ends with each key's last version, nothing pending, the history trimmed.</summary>
    [Fact]
    public async Task Every_row_reaches_the_table_with_its_keys_last_value_and_the_acknowledged_history_is_trimmed()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("all");
        var rows = Enumerable.Range(0, 10).SelectMany(v => Enumerable.Range(0, 300).Select(k => new RelayAccount(k, $"v{v}", (v * 1000) + k))).ToList();
        await Streams.ProduceAsync(redis, stream, 4, rows, flushEvery: 300);
        Assert.Equal(rows.Count, await Streams.LengthAsync(redis, stream, 4));

        await using var target = RelayAccountFlow.Postgres(table.DataSource, Target());
        var relay = new RedisStreamRelay<RelayAccount>(redis, stream, target, new RedisStreamRelayOptions { Partitions = 4, ReadCount = 200, TrimInterval = TimeSpan.FromMilliseconds(50) });
        using var stop = new CancellationTokenSource();
        var run = relay.RunAsync(stop.Token);

        await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == rows.Count, "every entry acknowledged");
        var stored = await table.RowsAsync();
        Assert.Equal(300, stored.Count);
        Assert.All(stored, r => Assert.Equal(("v9", 9000 + (int)r.Key), r.Value));
        var stats = relay.GetStatistics();
        Assert.Equal(rows.Count, stats.Written + stats.Superseded);
        Assert.True(stats.Superseded > 0, "rows of one key in one chunk were collapsed");
        Assert.Equal(0, stats.DeadLettered);
        Assert.Equal(4, stats.OwnedPartitions);
        Assert.Equal(0, await Streams.PendingAsync(redis, stream, 4));
        await Eventually.HoldsAsync(async () => await Streams.LengthAsync(redis, stream, 4) == 0, "every acknowledged entry trimmed");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var db = redis.GetDatabase();
        for (var p = 0; p < 4; p++)
        {
            Assert.False(await db.KeyExistsAsync($"{stream}:lease:batchflow:{p}"), "a stopped relay gives its leases up");
        }

        Assert.Equal(0, await db.SortedSetLengthAsync($"{stream}:relays:batchflow"));
    }

    /// <summary>10 rows of 1,000 violate a CHECK: they are in the dead-letter stream with PostgreSQL's error, the other 990 are in the table.</summary>
    [Fact]
    public async Task A_row_the_database_refuses_is_dead_lettered_with_the_servers_error_and_the_rest_commit()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("poison");
        var rows = Enumerable.Range(0, 1000).Select(k => new RelayAccount(k, $"n{k}", k % 100 == 7 ? -1 : k)).ToList();
        await Streams.ProduceAsync(redis, stream, 2, rows);

        await using var target = RelayAccountFlow.Postgres(table.DataSource, Target());
        await using var relay = new RedisStreamRelay<RelayAccount>(redis, stream, target, new RedisStreamRelayOptions { Partitions = 2 });
        var run = relay.RunAsync();
        await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == 1000, "every entry acknowledged");

        var stored = await table.RowsAsync();
        Assert.Equal(990, stored.Count);
        Assert.DoesNotContain(stored.Keys, k => k % 100 == 7);
        var dead = await Streams.DeadLettersAsync(redis, relay.DeadLetterStreamKey);
        Assert.Equal($"{stream}:dead", relay.DeadLetterStreamKey);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)((i * 100) + 7)), dead.Select(d => long.Parse(d["id"])).Order());
        var partitions = RedisStreamPartitions.Keys(stream, 2);
        var db = redis.GetDatabase();
        foreach (var letter in dead)
        {
            Assert.Contains("score_not_negative", letter["batchflow:error"]);
            Assert.Equal("-1", letter["score"]);
            Assert.Equal("1", letter["batchflow:deliveries"]);
            Assert.Contains(letter["batchflow:source_stream"], partitions);
            // The source id names the entry the row came from (trimmed since, or still there with the same fields).
            Assert.Matches(@"^\d+-\d+$", letter["batchflow:source_id"]);
        }

        Assert.Equal(10, relay.GetStatistics().DeadLettered);
        Assert.Equal(990, relay.GetStatistics().Written);
        Assert.Equal(0, await Streams.PendingAsync(redis, stream, 2));
        await relay.DisposeAsync();
        await run;
    }

    /// <summary>An entry a hand-written producer got wrong is set aside with the reader's error naming the field; the good entry beside it is written.</summary>
    [Fact]
    public async Task An_entry_that_is_not_a_row_is_dead_lettered_naming_the_field()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("malformed");
        var db = redis.GetDatabase();
        await db.StreamAddAsync(stream, [new("id", "seven"), new("name", "bad"), new("score", "1")]);
        await db.StreamAddAsync(stream, [new("id", "8"), new("name", "good"), new("score", "2")]);

        await using var target = RelayAccountFlow.Postgres(table.DataSource, Target());
        await using var relay = new RedisStreamRelay<RelayAccount>(redis, stream, target);
        var run = relay.RunAsync();
        await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == 2, "both entries acknowledged");

        Assert.Equal(new Dictionary<long, (string, int)> { [8] = ("good", 2) }, await table.RowsAsync());
        var letter = Assert.Single(await Streams.DeadLettersAsync(redis, relay.DeadLetterStreamKey));
        Assert.Equal("seven", letter["id"]);
        Assert.Contains("'id'", letter["batchflow:error"]);
        Assert.Equal(stream, letter["batchflow:source_stream"]);
        await relay.DisposeAsync();
        await run;
    }

    /// <summary>
    /// Every attempt of the target times out while another session holds the table locked: the rows are submitted
    /// again and again, never dead-lettered, and are written once the lock is gone.
    /// </summary>
    [Fact]
    public async Task Rows_that_fail_transiently_are_submitted_again_until_written_and_never_dead_lettered()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("transient");
        await Streams.ProduceAsync(redis, stream, 1, Enumerable.Range(0, 50).Select(k => new RelayAccount(k, "n", k)));

        await using var target = RelayAccountFlow.Postgres(table.DataSource, new BatchFlowOptions { MaxAttempts = 1, FlushTimeout = TimeSpan.FromMilliseconds(300) });
        await using (var locker = await table.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await locker.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("LOCK TABLE relay_accounts IN ACCESS EXCLUSIVE MODE", locker, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            await using var relay = new RedisStreamRelay<RelayAccount>(redis, stream, target, new RedisStreamRelayOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(200) });
            var run = relay.RunAsync();
            await Eventually.HoldsAsync(() => relay.GetStatistics().Resubmitted >= 100, "the rows submitted again at least twice");
            Assert.Equal(0, relay.GetStatistics().Acknowledged);
            Assert.Equal(50, await Streams.PendingAsync(redis, stream, 1));

            await transaction.CommitAsync();
            await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == 50, "every entry acknowledged once the lock is gone");
            Assert.Equal(0, relay.GetStatistics().DeadLettered);
            Assert.Empty(await Streams.DeadLettersAsync(redis, relay.DeadLetterStreamKey));
            await relay.DisposeAsync();
            await run;
        }

        Assert.Equal(50, (await table.RowsAsync()).Count);
    }

    [Fact]
    public async Task A_target_that_inserts_only_is_refused_because_a_redelivered_row_would_fail_as_a_duplicate()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        await using var target = InsertedAccountFlow.Postgres(table.DataSource);
        var error = Assert.Throws<ArgumentException>(() => new RedisStreamRelay<InsertedAccount>(redis, Servers.UniqueStream("none"), target));
        Assert.Contains("Conflict.None", error.Message);
        Assert.Contains("at least once", error.Message);
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_by_name()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        await using var target = RelayAccountFlow.Postgres(table.DataSource);
        Assert.Equal("ReadCount", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStreamRelay<RelayAccount>(redis, "s", target, new RedisStreamRelayOptions { ReadCount = 0 })).ParamName);
        Assert.Equal("MaxDeliveries", Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStreamRelay<RelayAccount>(redis, "s", target, new RedisStreamRelayOptions { MaxDeliveries = 0 })).ParamName);
        Assert.Throws<ArgumentException>(() => new RedisStreamRelay<RelayAccount>(redis, "s{tag}", target, new RedisStreamRelayOptions { Partitions = 2 }));
    }
}
