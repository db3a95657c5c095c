using System.Text.Json;
using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests;

/// <summary>
/// Each conflict mode's final state on real keys, for the hash and the JSON layout. Key 1 is stored before the flow
/// starts; the first batch holds key 1 and key 2 twice, the second key 2 again and a new key 3. The core collapses
/// duplicate keys inside a batch for Ignore (first kept), Update and Replace (last kept), not for None.
/// </summary>
public sealed class ConflictTests
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static T[][] Batches<T>()
        where T : IPerson<T> =>
    [
        [T.New(1, "new", null), T.New(2, "a", 1), T.New(2, "b", 2)],
        [T.New(2, "c", 3), T.New(3, "d", null)],
    ];

    private static async Task<(string Prefix, List<(T Row, Exception Error)> Failed)> HashAsync<T>()
        where T : IPerson<T>
    {
        var prefix = TestRedis.UniquePrefix("hash");
        var db = await TestRedis.DatabaseAsync();
        await db.HashSetAsync($"{prefix}:1", [new("id", 1), new("name", "old"), new("age", 30), new("extra", "keep")]);
        var redis = await TestRedis.ConnectAsync();
        var failures = await Flows.RunAsync(options => T.RedisHash(redis, new RedisKeyOptions { Prefix = prefix }, options), Batches<T>());
        return (prefix, Flows.Rows(failures));
    }

    private static async Task<(string Prefix, List<(T Row, Exception Error)> Failed)> JsonAsync<T>()
        where T : IPerson<T>
    {
        var prefix = TestRedis.UniquePrefix("json");
        var db = await TestRedis.DatabaseAsync();
        await db.StringSetAsync($"{prefix}:1", """{"id":1,"name":"old","age":30}""");
        var redis = await TestRedis.ConnectAsync();
        var failures = await Flows.RunAsync(options => T.RedisJson(redis, new RedisKeyOptions { Prefix = prefix }, options), Batches<T>());
        return (prefix, Flows.Rows(failures));
    }

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private static async Task<T?> ReadJsonAsync<T>(string key)
    {
        var value = await (await TestRedis.DatabaseAsync()).StringGetAsync(key);
        return value.IsNull ? default : JsonSerializer.Deserialize<T>(value.ToString(), s_json);
    }

    [Fact]
    public async Task Hash_None_creates_new_keys_and_fails_each_row_whose_key_exists_with_KEYEXISTS_even_inside_one_batch()
    {
        var (prefix, failed) = await HashAsync<PersonNone>();

        Assert.Equal(Fields(("id", "1"), ("name", "old"), ("age", "30"), ("extra", "keep")), await TestRedis.HashAsync($"{prefix}:1"));
        Assert.Equal(Fields(("id", "2"), ("name", "a"), ("age", "1")), await TestRedis.HashAsync($"{prefix}:2"));
        Assert.Equal(Fields(("id", "3"), ("name", "d")), await TestRedis.HashAsync($"{prefix}:3"));
        Assert.Equal([new PersonNone(1, "new", null), new PersonNone(2, "b", 2), new PersonNone(2, "c", 3)], failed.Select(f => f.Row).OrderBy(r => r.Id).ThenBy(r => r.Name));
        Assert.All(failed, f => Assert.StartsWith("KEYEXISTS key '", f.Error.Message, StringComparison.Ordinal));
        Assert.Contains(failed, f => f.Error.Message.StartsWith($"KEYEXISTS key '{prefix}:1' exists (Conflict.None)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hash_Ignore_leaves_existing_keys_as_they_are_and_keeps_the_first_row_of_a_key()
    {
        var (prefix, failed) = await HashAsync<PersonIgnore>();

        Assert.Empty(failed);
        Assert.Equal(Fields(("id", "1"), ("name", "old"), ("age", "30"), ("extra", "keep")), await TestRedis.HashAsync($"{prefix}:1"));
        Assert.Equal(Fields(("id", "2"), ("name", "a"), ("age", "1")), await TestRedis.HashAsync($"{prefix}:2"));
        Assert.Equal(Fields(("id", "3"), ("name", "d")), await TestRedis.HashAsync($"{prefix}:3"));
    }

    [Fact]
    public async Task Hash_Update_sets_the_written_fields_deletes_the_fields_of_null_members_and_keeps_the_others()
    {
        var (prefix, failed) = await HashAsync<PersonUpdate>();

        Assert.Empty(failed);
        Assert.Equal(Fields(("id", "1"), ("name", "new"), ("extra", "keep")), await TestRedis.HashAsync($"{prefix}:1"));
        Assert.Equal(Fields(("id", "2"), ("name", "c"), ("age", "3")), await TestRedis.HashAsync($"{prefix}:2"));
        Assert.Equal(Fields(("id", "3"), ("name", "d")), await TestRedis.HashAsync($"{prefix}:3"));
    }

    [Fact]
    public async Task Hash_Replace_makes_the_hash_exactly_the_last_row_of_its_key()
    {
        var (prefix, failed) = await HashAsync<PersonReplace>();

        Assert.Empty(failed);
        Assert.Equal(Fields(("id", "1"), ("name", "new")), await TestRedis.HashAsync($"{prefix}:1"));
        Assert.Equal(Fields(("id", "2"), ("name", "c"), ("age", "3")), await TestRedis.HashAsync($"{prefix}:2"));
        Assert.Equal(Fields(("id", "3"), ("name", "d")), await TestRedis.HashAsync($"{prefix}:3"));
    }

    [Fact]
    public async Task Json_None_sets_new_keys_and_fails_each_row_whose_key_exists_with_KEYEXISTS()
    {
        var (prefix, failed) = await JsonAsync<PersonNone>();

        Assert.Equal(new PersonNone(1, "old", 30), await ReadJsonAsync<PersonNone>($"{prefix}:1"));
        Assert.Equal(new PersonNone(2, "a", 1), await ReadJsonAsync<PersonNone>($"{prefix}:2"));
        Assert.Equal(new PersonNone(3, "d", null), await ReadJsonAsync<PersonNone>($"{prefix}:3"));
        Assert.Equal([new PersonNone(1, "new", null), new PersonNone(2, "b", 2), new PersonNone(2, "c", 3)], failed.Select(f => f.Row).OrderBy(r => r.Id).ThenBy(r => r.Name));
        Assert.All(failed, f => Assert.StartsWith("KEYEXISTS key '", f.Error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_Ignore_leaves_existing_values_and_keeps_the_first_row_of_a_key()
    {
        var (prefix, failed) = await JsonAsync<PersonIgnore>();

        Assert.Empty(failed);
        Assert.Equal(new PersonIgnore(1, "old", 30), await ReadJsonAsync<PersonIgnore>($"{prefix}:1"));
        Assert.Equal(new PersonIgnore(2, "a", 1), await ReadJsonAsync<PersonIgnore>($"{prefix}:2"));
        Assert.Equal(new PersonIgnore(3, "d", null), await ReadJsonAsync<PersonIgnore>($"{prefix}:3"));
    }

    [Fact]
    public async Task Json_Update_overwrites_the_whole_value_with_the_last_row_of_its_key()
    {
        var (prefix, failed) = await JsonAsync<PersonUpdate>();

        Assert.Empty(failed);
        Assert.Equal("""{"id":1,"name":"new","age":null}""", (await (await TestRedis.DatabaseAsync()).StringGetAsync($"{prefix}:1")).ToString());
        Assert.Equal(new PersonUpdate(2, "c", 3), await ReadJsonAsync<PersonUpdate>($"{prefix}:2"));
        Assert.Equal(new PersonUpdate(3, "d", null), await ReadJsonAsync<PersonUpdate>($"{prefix}:3"));
    }

    [Fact]
    public async Task Json_Replace_overwrites_the_whole_value_with_the_last_row_of_its_key()
    {
        var (prefix, failed) = await JsonAsync<PersonReplace>();

        Assert.Empty(failed);
        Assert.Equal(new PersonReplace(1, "new", null), await ReadJsonAsync<PersonReplace>($"{prefix}:1"));
        Assert.Equal(new PersonReplace(2, "c", 3), await ReadJsonAsync<PersonReplace>($"{prefix}:2"));
        Assert.Equal(new PersonReplace(3, "d", null), await ReadJsonAsync<PersonReplace>($"{prefix}:3"));
    }

    [Fact]
    public async Task Conflict_None_counts_a_stored_value_identical_to_the_row_as_its_own_earlier_write()
    {
        // What a retry after a lost reply meets: the row is already there, exactly. It must not fail.
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("lost-reply") };
        var outcomes = new RowOutcomes();
        await using var hash = new RedisHashSink<PersonNone>(redis, PersonNoneFlow.Table, keys);
        await using var json = new RedisJsonSink<PersonNone>(redis, PersonNoneFlow.Table, keys with { Prefix = keys.Prefix + "j" });
        PersonNone[] rows = [new(1, "x", null), new(2, "y", 5)];
        await hash.WriteAsync(rows, outcomes, CancellationToken.None);
        await hash.WriteAsync(rows, outcomes, CancellationToken.None);
        await json.WriteAsync(rows, outcomes, CancellationToken.None);
        await json.WriteAsync(rows, outcomes, CancellationToken.None);
        Assert.Equal(0, outcomes.Count);

        await hash.WriteAsync(new PersonNone[] { new(1, "x", 7) }, outcomes, CancellationToken.None);
        Assert.StartsWith("KEYEXISTS", Assert.Single(outcomes.Failures).Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_composite_key_is_the_prefix_and_each_member_formatted_invariant_joined_by_the_separator()
    {
        var redis = await TestRedis.ConnectAsync();
        var prefix = TestRedis.UniquePrefix("visits");
        var visitor = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var day = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var outcomes = new RowOutcomes();
        await using var sink = new RedisHashSink<Visit>(redis, VisitFlow.Table, new RedisKeyOptions { Prefix = prefix, Separator = "|" });
        await sink.WriteAsync(new Visit[] { new("home", visitor, day, 3) }, outcomes, CancellationToken.None);

        Assert.Equal(0, outcomes.Count);
        var key = $"{prefix}|home|0f8fad5b-d9cb-469f-a165-70867728950e|2026-03-01T00:00:00.0000000Z";
        Assert.Equal(Fields(("site", "home"), ("visitor", visitor.ToString("D")), ("day", "2026-03-01T00:00:00.0000000Z"), ("count", "3")), await TestRedis.HashAsync(key));
    }

    [Fact]
    public async Task The_default_prefix_is_the_table_name()
    {
        var redis = await TestRedis.ConnectAsync();
        var id = Random.Shared.NextInt64(1L << 40, 1L << 50);
        var outcomes = new RowOutcomes();
        await using var sink = new RedisHashSink<PersonReplace>(redis, PersonReplaceFlow.Table);
        await sink.WriteAsync(new PersonReplace[] { new(id, "z", null) }, outcomes, CancellationToken.None);

        Assert.Equal(Fields(("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("name", "z")), await TestRedis.HashAsync($"people:{id}"));
        await (await TestRedis.DatabaseAsync()).KeyDeleteAsync($"people:{id}");
    }

    [Fact]
    public async Task An_expiry_is_set_with_each_write_in_every_mode_and_layout()
    {
        var redis = await TestRedis.ConnectAsync();
        var db = await TestRedis.DatabaseAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("ttl"), Expiry = TimeSpan.FromMinutes(5) };
        var outcomes = new RowOutcomes();
        await using (var sink = new RedisHashSink<PersonUpdate>(redis, PersonUpdateFlow.Table, keys))
        {
            await sink.WriteAsync(new PersonUpdate[] { new(1, "a", 1) }, outcomes, CancellationToken.None);
        }

        await using (var sink = new RedisHashSink<PersonNone>(redis, PersonNoneFlow.Table, keys))
        {
            await sink.WriteAsync(new PersonNone[] { new(2, "a", 1) }, outcomes, CancellationToken.None);
        }

        await using (var sink = new RedisJsonSink<PersonIgnore>(redis, PersonIgnoreFlow.Table, keys))
        {
            await sink.WriteAsync(new PersonIgnore[] { new(3, "a", 1) }, outcomes, CancellationToken.None);
        }

        await using (var sink = new RedisJsonSink<PersonNone>(redis, PersonNoneFlow.Table, keys))
        {
            await sink.WriteAsync(new PersonNone[] { new(4, "a", 1) }, outcomes, CancellationToken.None);
        }

        Assert.Equal(0, outcomes.Count);
        foreach (var id in new[] { 1, 2, 3, 4 })
        {
            var ttl = await db.KeyTimeToLiveAsync($"{keys.Prefix}:{id}");
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public async Task A_table_without_key_columns_is_refused_when_the_sink_is_created_naming_the_type_and_BatchKey()
    {
        var redis = await TestRedis.ConnectAsync();
        var hash = Assert.Throws<ArgumentException>(() => new RedisHashSink<Unkeyed>(redis, UnkeyedFlow.Table));
        var json = Assert.Throws<ArgumentException>(() => UnkeyedFlow.RedisJson(redis));
        foreach (var error in new[] { hash, json })
        {
            Assert.Contains(typeof(Unkeyed).FullName!, error.Message, StringComparison.Ordinal);
            Assert.Contains("[BatchKey]", error.Message, StringComparison.Ordinal);
        }
    }
}
