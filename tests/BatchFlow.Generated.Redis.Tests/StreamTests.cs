using BatchFlow.Redis.Tests.Support;

namespace BatchFlow.Redis.Tests;

public sealed class StreamTests
{
    [Fact]
    public async Task Each_row_is_one_entry_in_submission_order_with_a_null_member_absent()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream");
        var rows = Enumerable.Range(1, 250).Select(i => new Event(i, i % 2 == 0 ? "even" : "odd", i % 3 == 0 ? null : $"note {i}")).ToArray();
        Assert.Empty(await Flows.RunAsync(options => EventFlow.RedisStream(redis, stream, null, options), rows[..100], rows[100..]));

        var entries = await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream);
        Assert.Equal(250, entries.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var fields = entries[i].Values.ToDictionary(v => (string)v.Name!, v => (string)v.Value!);
            var expected = new Dictionary<string, string> { ["id"] = rows[i].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["kind"] = rows[i].Kind };
            if (rows[i].Note is { } note)
            {
                expected["note"] = note;
            }

            Assert.Equal(expected, fields);
        }
    }

    [Fact]
    public async Task MaxLength_trims_the_stream_approximately()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-trim");
        var rows = Enumerable.Range(1, 2_000).Select(i => new Event(i, "k", null)).ToArray();
        Assert.Empty(await Flows.RunAsync(options => EventFlow.RedisStream(redis, stream, new RedisStreamOptions { MaxLength = 100 }, options), rows));

        var length = await (await TestRedis.DatabaseAsync()).StreamLengthAsync(stream);
        Assert.InRange(length, 100, 300);
    }

    [Fact]
    public async Task A_conflict_mode_other_than_None_is_refused_naming_the_mode()
    {
        var redis = await TestRedis.ConnectAsync();
        var error = Assert.Throws<ArgumentException>(() => new RedisStreamSink<UpsertEvent>(redis, "s", UpsertEventFlow.Table));
        Assert.Contains("Conflict.Update", error.Message, StringComparison.Ordinal);
        Assert.Contains("ForRelay", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A stream that feeds a relay takes the table's mode for the relay: every key's last row of a batch is appended.</summary>
    [Fact]
    public async Task For_a_relay_a_conflict_mode_is_kept_for_the_table_and_the_batch_is_appended_collapsed_by_key()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-relay");
        var rows = Enumerable.Range(0, 30).Select(i => new UpsertEvent(i % 10, $"v{i / 10}")).ToArray();
        Assert.Empty(await Flows.RunAsync(options => UpsertEventFlow.RedisStream(redis, stream, new RedisStreamOptions { ForRelay = true }, options), rows));
        var entries = await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream);
        var read = entries.Select(e => RedisStreamRows.Read(UpsertEventFlow.Table, e)).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), read.Select(r => r.Id).Order());
        Assert.All(read, r => Assert.Equal("v2", r.Kind));
    }

    [Fact]
    public async Task The_stream_sink_needs_no_key_columns()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-unkeyed");
        Assert.Empty(await Flows.RunAsync(options => UnkeyedFlow.RedisStream(redis, stream, null, options), [new Unkeyed(1, "a")]));
        Assert.Equal(1, await (await TestRedis.DatabaseAsync()).StreamLengthAsync(stream));
    }
}
