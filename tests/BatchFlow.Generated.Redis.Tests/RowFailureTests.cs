using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests;

public sealed class RowFailureTests
{
    [Fact]
    public async Task A_string_with_an_unpaired_surrogate_fails_its_row_alone_and_is_never_sent()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("surrogate") };
        var rows = Enumerable.Range(1, 5).Select(i => new PersonUpdate(i, i == 3 ? "cut \uD83D" : $"n{i}", i)).ToArray();
        var failed = Flows.Rows(await Flows.RunAsync(options => PersonUpdateFlow.RedisHash(redis, keys, options), rows));

        var (row, error) = Assert.Single(failed);
        Assert.Equal(3, row.Id);
        Assert.IsType<ArgumentException>(error);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        var db = await TestRedis.DatabaseAsync();
        foreach (var id in new[] { 1, 2, 4, 5 })
        {
            Assert.Equal($"n{id}", (string?)await db.HashGetAsync($"{keys.Prefix}:{id}", "name"));
        }

        Assert.False(await db.KeyExistsAsync($"{keys.Prefix}:3"));
    }

    [Fact]
    public async Task A_row_whose_key_holds_another_type_fails_alone_with_WRONGTYPE_without_a_retry()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("wrongtype") };
        var db = await TestRedis.DatabaseAsync();
        await db.ListRightPushAsync($"{keys.Prefix}:2", "a list");
        var sink = new CountingSink<PersonReplace>(new RedisHashSink<PersonReplace>(redis, PersonReplaceFlow.Table, keys));
        var failures = await Flows.RunAsync(options => new BatchFlow<PersonReplace>(sink, options), [new PersonReplace(1, "a", 1), new PersonReplace(2, "b", 2), new PersonReplace(3, "c", 3)]);

        var failure = Assert.Single(failures);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(2, Assert.Single(failure.Rows).Id);
        Assert.StartsWith("WRONGTYPE", failure.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, sink.Writes);
        Assert.Equal(RedisType.List, await db.KeyTypeAsync($"{keys.Prefix}:2"));
        Assert.Equal("c", (string?)await db.HashGetAsync($"{keys.Prefix}:3", "name"));
    }
}

/// <summary>Tests that read the server's command counters or pause it: they run alone.</summary>
[Collection(SerialRedisTests.Name)]
public sealed class PipelineTests
{
    [Fact]
    public async Task A_batch_of_1_000_HSETs_with_one_WRONGTYPE_key_applies_999_reports_one_and_sends_about_1_000_commands_in_one_write()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("pipeline") };
        var db = await TestRedis.DatabaseAsync();
        await db.ListRightPushAsync($"{keys.Prefix}:500", "a list");
        var sink = new CountingSink<PersonUpdate>(new RedisHashSink<PersonUpdate>(redis, PersonUpdateFlow.Table, keys));
        var rows = Enumerable.Range(1, 1_000).Select(i => new PersonUpdate(i, $"n{i}", i)).ToArray();

        var before = await TestRedis.CommandCallsAsync();
        var failures = await Flows.RunAsync(options => new BatchFlow<PersonUpdate>(sink, options), rows);
        var after = await TestRedis.CommandCallsAsync();

        var failure = Assert.Single(failures);
        Assert.Equal(500, Assert.Single(failure.Rows).Id);
        Assert.StartsWith("WRONGTYPE", failure.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, sink.Writes);
        var sent = after.Sum(c => c.Value - before.GetValueOrDefault(c.Key));
        // StackExchange.Redis sends an HSET of several fields as HMSET (the same command under its older name).
        var hsets = after.GetValueOrDefault("hset") + after.GetValueOrDefault("hmset") - before.GetValueOrDefault("hset") - before.GetValueOrDefault("hmset");
        Assert.Equal(1_000, hsets);
        Assert.InRange(sent, 1_000, 1_010); // the HSETs, the INFO that reads the counters, nothing else: no bisection
        var applied = 0;
        foreach (var row in rows)
        {
            applied += await db.KeyTypeAsync($"{keys.Prefix}:{row.Id}") == RedisType.Hash ? 1 : 0;
        }

        Assert.Equal(999, applied);
    }

    [Fact]
    public async Task A_cancelled_attempt_records_every_row_still_waiting_for_its_reply_as_failed_and_transient_and_returns()
    {
        var redis = await TestRedis.ConnectAsync();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("cancelled") };
        await using var sink = new RedisHashSink<PersonReplace>(redis, PersonReplaceFlow.Table, keys);
        var rows = Enumerable.Range(1, 50).Select(i => new PersonReplace(i, "x", null)).ToArray();
        var outcomes = new RowOutcomes();

        await server.ExecuteAsync("CLIENT", "PAUSE", "1500", "WRITE");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await sink.WriteAsync(rows, outcomes, timeout.Token);
        }
        finally
        {
            await server.ExecuteAsync("CLIENT", "UNPAUSE");
        }

        Assert.Equal(50, outcomes.Count);
        Assert.All(outcomes.Failures, f => Assert.IsType<OperationCanceledException>(f.Error));
        Assert.All(outcomes.Failures, f => Assert.True(sink.IsTransient(f.Error)));
    }
}
