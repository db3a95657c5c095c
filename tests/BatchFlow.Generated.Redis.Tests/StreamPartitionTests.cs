using BatchFlow.Redis.Tests.Load;
using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests;

/// <summary>The stream flow spread over N stream keys by a stable hash of each row's key.</summary>
public sealed class StreamPartitionTests
{
    /// <summary>Small batches, the concurrency left to the sink's defaults (one write at a time when partitioned).</summary>
    private static BatchFlowOptions<T> Ordered<T>(List<BatchFailure<T>> failures) => new()
    {
        FlushSize = 250,
        LingerTime = TimeSpan.FromHours(1),
        OnFailure = failure =>
        {
            lock (failures)
            {
                failures.Add(failure);
            }

            return ValueTask.CompletedTask;
        },
    };

    /// <summary>40 keys × 250 rows, interleaved: the rows of every key in one partition, in submit order, every partition used.</summary>
    [Fact]
    public async Task One_keys_rows_land_in_one_partition_in_submit_order_and_the_keys_spread_over_every_partition()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("partitions");
        const int Partitions = 8;
        var keys = Enumerable.Range(0, 40).Select(k => (Account: $"acct-{k}", Region: k % 3)).ToArray();
        var failures = new List<BatchFailure<AccountEvent>>();
        await using (var flow = AccountEventFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = Partitions }, Ordered(failures)))
        {
            for (var seq = 0; seq < 250; seq++)
            {
                foreach (var (account, region) in keys)
                {
                    await flow.SubmitAsync(new AccountEvent(account, region, seq));
                }
            }
        }

        Assert.Empty(failures);
        var db = await TestRedis.DatabaseAsync();
        var seen = new Dictionary<(string, int), int>();
        var total = 0;
        for (var p = 0; p < Partitions; p++)
        {
            var entries = await db.StreamRangeAsync($"{stream}:{p}");
            Assert.NotEmpty(entries);
            total += entries.Length;
            var last = new Dictionary<(string, int), long>();
            foreach (var entry in entries)
            {
                var row = RedisStreamRows.Read(AccountEventFlow.Table, entry);
                var key = (row.Account, row.Region);
                Assert.Equal(p, seen.TryAdd(key, p) ? p : seen[key]);
                Assert.Equal(last.TryGetValue(key, out var previous) ? previous + 1 : 0, row.Seq);
                last[key] = row.Seq;
                Assert.Equal(p, RedisStreamPartitions.PartitionOf(AccountEventFlow.Table, row, Partitions));
            }

            Assert.All(last.Values, l => Assert.Equal(249, l));
        }

        Assert.Equal(40 * 250, total);
        Assert.Equal(40, seen.Count);
        Assert.False(await db.KeyExistsAsync(stream));
    }

    /// <summary>
    /// The mapping is part of the format (producers and relays in other processes rely on it): XXH3-64 of the key text's
    /// UTF-8 bytes, seed 0, modulo N. The values were computed independently with Python's xxhash
    /// (<c>xxhash.xxh3_64_intdigest(b"42") % 8</c>); a change of hash or of key text breaks this test.
    /// </summary>
    [Theory]
    [InlineData("42", 8, 1)]
    [InlineData("42", 6, 5)]
    [InlineData("1", 16, 8)]
    [InlineData("-7", 6, 2)]
    [InlineData("alice:1", 8, 4)]
    [InlineData("ünïcode:2", 8, 7)]
    [InlineData("bob:-3", 16, 9)]
    [InlineData("anything", 1, 0)]
    public void The_partition_of_a_key_text_is_pinned(string keyText, int partitions, int expected) =>
        Assert.Equal(expected, RedisStreamPartitions.PartitionOf(keyText, partitions));

    [Fact]
    public async Task Rows_land_in_their_pinned_partitions_through_the_flow()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("pinned");
        Assert.Equal(1, RedisStreamPartitions.PartitionOf(ReadingFlow.Table, new Reading(42, 0), 8));
        Assert.Equal(4, RedisStreamPartitions.PartitionOf(AccountEventFlow.Table, new AccountEvent("alice", 1, 0), 8));
        Assert.Equal(7, RedisStreamPartitions.PartitionOf(AccountEventFlow.Table, new AccountEvent("ünïcode", 2, 0), 8));
        Assert.Empty(await Flows.RunAsync(
            options => AccountEventFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = 8 }, options),
            [new AccountEvent("alice", 1, 10), new AccountEvent("ünïcode", 2, 20)]));
        Assert.Empty(await Flows.RunAsync(options => ReadingFlow.RedisStream(redis, stream + "-r", new RedisStreamOptions { Partitions = 8 }, options), [new Reading(42, 0.5)]));

        var db = await TestRedis.DatabaseAsync();
        Assert.Equal(10, RedisStreamRows.Read(AccountEventFlow.Table, (await db.StreamRangeAsync($"{stream}:4")).Single()).Seq);
        Assert.Equal(20, RedisStreamRows.Read(AccountEventFlow.Table, (await db.StreamRangeAsync($"{stream}:7")).Single()).Seq);
        Assert.Equal(new Reading(42, 0.5), RedisStreamRows.Read(ReadingFlow.Table, (await db.StreamRangeAsync($"{stream}-r:1")).Single()));
    }

    [Fact]
    public async Task The_partition_keys_are_named_after_the_stream_and_one_partition_is_the_key_itself()
    {
        var redis = await TestRedis.ConnectAsync();
        Assert.Equal(["s"], new RedisStreamSink<Reading>(redis, "s", ReadingFlow.Table).StreamKeys);
        Assert.Equal(["s"], new RedisStreamSink<Unkeyed>(redis, "s", UnkeyedFlow.Table, new RedisStreamOptions { Partitions = 1 }).StreamKeys);
        Assert.Equal(["s:0", "s:1", "s:2"], new RedisStreamSink<Reading>(redis, "s", ReadingFlow.Table, new RedisStreamOptions { Partitions = 3 }).StreamKeys);
        Assert.Equal(["orders:0", "orders:1"], RedisStreamPartitions.Keys("orders", 2));
    }

    [Fact]
    public async Task A_partitioned_stream_writes_one_batch_at_a_time_by_default_and_one_stream_keeps_the_Redis_defaults()
    {
        var redis = await TestRedis.ConnectAsync();
        var one = new RedisStreamSink<Reading>(redis, "s", ReadingFlow.Table);
        var partitioned = new RedisStreamSink<Reading>(redis, "s", ReadingFlow.Table, new RedisStreamOptions { Partitions = 4 });
        Assert.Equal(new BatchSinkDefaults(1_000, TimeSpan.FromMilliseconds(100), 4) { MaxRowsInFlight = 4_000 }, one.Defaults);
        Assert.Equal(1, partitioned.Defaults.MaxConcurrentFlushes);
        Assert.Equal(1, partitioned.Defaults.ConcurrentFlushesFor(10));
        Assert.Equal(1_000, partitioned.Defaults.FlushSize);
    }

    [Fact]
    public async Task A_table_without_key_columns_is_refused_at_creation_when_partitioned()
    {
        var redis = await TestRedis.ConnectAsync();
        var error = Assert.Throws<ArgumentException>(() => UnkeyedFlow.RedisStream(redis, "s", new RedisStreamOptions { Partitions = 2 }));
        Assert.Contains("'unkeyed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[BatchKey]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(16_385)]
    public async Task A_partition_count_out_of_range_is_refused(int partitions)
    {
        var redis = await TestRedis.ConnectAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadingFlow.RedisStream(redis, "s", new RedisStreamOptions { Partitions = partitions }));
    }

    [Theory]
    [InlineData("orders{eu}")]
    [InlineData("{orders}")]
    public async Task A_stream_key_with_a_hash_tag_is_refused_when_partitioned_since_every_partition_would_share_a_slot(string key)
    {
        var redis = await TestRedis.ConnectAsync();
        var error = Assert.Throws<ArgumentException>(() => ReadingFlow.RedisStream(redis, key, new RedisStreamOptions { Partitions = 4 }));
        Assert.Contains("hash tag", error.Message, StringComparison.Ordinal);
        Assert.Equal([key], new RedisStreamSink<Reading>(redis, key, ReadingFlow.Table).StreamKeys);
        Assert.Equal(["a{}:0", "a{}:1"], RedisStreamPartitions.Keys("a{}", 2));
    }

    /// <summary>A partition key that holds a string: that partition's rows fail with WRONGTYPE, each on its own; the others are appended.</summary>
    [Fact]
    public async Task Each_row_keeps_its_own_outcome_across_partitions()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("partition-outcomes");
        var db = await TestRedis.DatabaseAsync();
        await db.StringSetAsync($"{stream}:2", "not a stream");
        var rows = Enumerable.Range(0, 200).Select(i => new Reading(i, i)).ToArray();
        var failed = Flows.Rows(await Flows.RunAsync(options => ReadingFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = 4 }, options), rows));

        var expected = rows.Where(r => RedisStreamPartitions.PartitionOf(ReadingFlow.Table, r, 4) == 2).Select(r => r.Sensor).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, failed.Select(f => f.Row.Sensor).Order());
        Assert.All(failed, f => Assert.StartsWith("WRONGTYPE", f.Error.Message, StringComparison.Ordinal));
        long appended = 0;
        foreach (var p in new[] { 0, 1, 3 })
        {
            appended += await db.StreamLengthAsync($"{stream}:{p}");
        }

        Assert.Equal(rows.Length - expected.Length, appended);
    }

    [Fact]
    public async Task A_null_key_member_fails_its_row_alone_when_partitioned_and_the_others_are_appended()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("partition-null-key");
        var failed = Flows.Rows(await Flows.RunAsync(
            options => AccountEventFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = 3 }, options),
            [new AccountEvent("a", 1, 1), new AccountEvent(null!, 1, 2), new AccountEvent("b", 2, 3)]));

        var (row, error) = Assert.Single(failed);
        Assert.Equal(2, row.Seq);
        Assert.IsType<ArgumentException>(error);
        Assert.Contains("'account'", error.Message, StringComparison.Ordinal);
        var db = await TestRedis.DatabaseAsync();
        long total = 0;
        foreach (var key in RedisStreamPartitions.Keys(stream, 3))
        {
            total += await db.StreamLengthAsync(key);
        }

        Assert.Equal(2, total);
    }

    [Fact]
    public async Task MaxLength_trims_each_partition()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("partition-trim");
        var rows = Enumerable.Range(0, 4_000).Select(i => new Reading(i, i)).ToArray();
        Assert.Empty(await Flows.RunAsync(options => ReadingFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = 2, MaxLength = 100 }, options), rows));
        var db = await TestRedis.DatabaseAsync();
        Assert.InRange(await db.StreamLengthAsync($"{stream}:0"), 100, 300);
        Assert.InRange(await db.StreamLengthAsync($"{stream}:1"), 100, 300);
    }

    /// <summary>
    /// On the 3-master cluster: 16 partitions, each checked on the master that owns its slot (XLEN with no redirect),
    /// more than one master holding some, every row written and read back.
    /// </summary>
    [Fact]
    public async Task On_a_cluster_the_partitions_spread_over_the_masters_and_every_write_succeeds()
    {
        await using var cluster = await RedisServers.ConnectAsync(RedisServers.Cluster);
        var stream = TestRedis.UniquePrefix("cluster-partitions");
        const int Partitions = 16;
        var rows = Enumerable.Range(0, 3_000).Select(i => new AccountEvent($"acct-{i % 97}", i % 5, i)).ToArray();
        Assert.Empty(await Flows.RunAsync(options => AccountEventFlow.RedisStream(cluster, stream, new RedisStreamOptions { Partitions = Partitions }, options), rows[..1_500], rows[1_500..]));

        var configuration = cluster.GetServer(cluster.GetEndPoints()[0]).ClusterConfiguration;
        Assert.NotNull(configuration);
        var owners = new HashSet<string>();
        var read = new List<AccountEvent>();
        foreach (var key in RedisStreamPartitions.Keys(stream, Partitions))
        {
            var owner = configuration.GetBySlot(cluster.HashSlot(key));
            Assert.NotNull(owner);
            var endPoint = owner.EndPoint!;
            owners.Add(endPoint.ToString()!);
            var server = cluster.GetServer(endPoint);
            var length = (long)await server.ExecuteAsync("XLEN", [key], CommandFlags.NoRedirect);
            var other = configuration.Nodes.First(n => !n.IsReplica && !endPoint.Equals(n.EndPoint));
            await Assert.ThrowsAsync<RedisServerException>(() => cluster.GetServer(other.EndPoint!).ExecuteAsync("XLEN", [key], CommandFlags.NoRedirect));

            var entries = await cluster.GetDatabase().StreamRangeAsync(key);
            Assert.Equal(length, entries.Length);
            read.AddRange(entries.Select(e => RedisStreamRows.Read(AccountEventFlow.Table, e)));
        }

        Assert.True(owners.Count > 1, $"every partition is on {string.Join(", ", owners)}");
        Assert.Equal(rows, read.OrderBy(r => r.Seq));
    }
}
