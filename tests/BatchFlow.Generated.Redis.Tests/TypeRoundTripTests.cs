using System.Globalization;
using System.Text.Json;
using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests;

/// <summary>Every member type, at its limits and with nulls, read back from a hash (parsed) and from JSON (System.Text.Json).</summary>
public sealed class TypeRoundTripTests
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static Everything[] Rows() =>
    [
        new(1, true, byte.MaxValue, sbyte.MinValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
            0.1f, 0.1 + 0.2, 1234567890.12345678900m, "héllo ✓ 😀 \"quoted\"\n\ttab \\ <b>&", 'é', Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1_234_567),
            new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.FromMinutes(330)).AddTicks(1),
            DateOnly.MaxValue, TimeOnly.MaxValue, new TimeSpan(-3, -4, -5, -6).Add(TimeSpan.FromTicks(-7)), [0, 255, 1], Shade.Dark,
            null, null, null, null),
        new(2, false, 0, sbyte.MaxValue, short.MaxValue, 0, int.MaxValue, 0, long.MaxValue, 0,
            float.MaxValue, double.Epsilon, -0.0001m, "", 'x', Guid.Empty,
            new DateTime(2001, 1, 1, 1, 1, 1, DateTimeKind.Local),
            DateTimeOffset.MinValue, DateOnly.MinValue, TimeOnly.MinValue, TimeSpan.MaxValue, [], Shade.Light,
            -5, "maybe", new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(9), [9]),
    ];

    private static Everything Normalized(Everything row) => row with { Blob = s_empty, MaybeBlob = null };

    private static readonly byte[] s_empty = [];

    private static string S(Dictionary<string, RedisValue> h, string field) => (string)h[field]!;

    private static Everything Parse(Dictionary<string, RedisValue> h) => new(
        long.Parse(S(h, "id"), s_invariant),
        S(h, "flag") switch { "1" => true, "0" => false, var other => throw new FormatException(other) },
        byte.Parse(S(h, "u8"), s_invariant),
        sbyte.Parse(S(h, "i8"), s_invariant),
        short.Parse(S(h, "i16"), s_invariant),
        ushort.Parse(S(h, "u16"), s_invariant),
        int.Parse(S(h, "i32"), s_invariant),
        uint.Parse(S(h, "u32"), s_invariant),
        long.Parse(S(h, "i64"), s_invariant),
        ulong.Parse(S(h, "u64"), s_invariant),
        float.Parse(S(h, "f32"), s_invariant),
        double.Parse(S(h, "f64"), s_invariant),
        decimal.Parse(S(h, "money"), NumberStyles.Float, s_invariant),
        S(h, "text"),
        char.Parse(S(h, "letter")),
        Guid.ParseExact(S(h, "token"), "D"),
        DateTime.Parse(S(h, "at"), s_invariant, DateTimeStyles.RoundtripKind),
        DateTimeOffset.ParseExact(S(h, "at_offset"), "O", s_invariant),
        DateOnly.ParseExact(S(h, "day"), "yyyy-MM-dd", s_invariant),
        TimeOnly.ParseExact(S(h, "clock"), "HH:mm:ss.fffffff", s_invariant),
        TimeSpan.ParseExact(S(h, "span"), "c", s_invariant),
        (byte[])h["blob"]!,
        (Shade)short.Parse(S(h, "shade"), s_invariant),
        h.TryGetValue("maybe_int", out var i) ? int.Parse((string)i!, s_invariant) : null,
        h.TryGetValue("maybe_text", out var t) ? (string?)t : null,
        h.TryGetValue("maybe_at", out var a) ? DateTime.Parse((string)a!, s_invariant, DateTimeStyles.RoundtripKind) : null,
        h.TryGetValue("maybe_blob", out var b) ? (byte[]?)b : null);

    [Fact]
    public async Task Every_type_round_trips_through_a_hash_and_parses_back_exactly()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("types-hash") };
        var rows = Rows();
        var failures = await Flows.RunAsync(options => EverythingFlow.RedisHash(redis, keys, options), rows);
        Assert.Empty(failures);

        var db = await TestRedis.DatabaseAsync();
        foreach (var row in rows)
        {
            var stored = (await db.HashGetAllAsync($"{keys.Prefix}:{row.Id}")).ToDictionary(e => (string)e.Name!, e => e.Value);
            Assert.Equal(row.MaybeInt is null ? 23 : 27, stored.Count);
            var back = Parse(stored);
            Check(row, back);
        }

        var first = (await db.HashGetAllAsync($"{keys.Prefix}:1")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal("1234567890.12345678900", first["money"]);
        Assert.Equal("-3", first["shade"]);
        Assert.Equal("1", first["flag"]);
        Assert.Equal("18446744073709551615", first["u64"]);
    }

    [Fact]
    public async Task NaN_the_infinities_and_negative_zero_round_trip_through_a_hash()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("types-nan") };
        var rows = new[]
        {
            Rows()[0] with { Id = 5, F32 = float.PositiveInfinity, F64 = double.NaN },
            Rows()[0] with { Id = 6, F32 = float.NaN, F64 = double.NegativeInfinity },
            Rows()[0] with { Id = 7, F32 = -0.0f, F64 = -0.0 },
        };
        Assert.Empty(await Flows.RunAsync(options => EverythingFlow.RedisHash(redis, keys, options), rows));

        var db = await TestRedis.DatabaseAsync();
        foreach (var row in rows)
        {
            var back = Parse((await db.HashGetAllAsync($"{keys.Prefix}:{row.Id}")).ToDictionary(e => (string)e.Name!, e => e.Value));
            Assert.Equal(BitConverter.SingleToInt32Bits(row.F32), BitConverter.SingleToInt32Bits(back.F32));
            Assert.Equal(BitConverter.DoubleToInt64Bits(row.F64), BitConverter.DoubleToInt64Bits(back.F64));
        }
    }

    [Fact]
    public async Task Every_type_round_trips_through_JSON_read_back_by_System_Text_Json()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("types-json") };
        var rows = Rows();
        Assert.Empty(await Flows.RunAsync(options => EverythingFlow.RedisJson(redis, keys, options), rows));

        var db = await TestRedis.DatabaseAsync();
        foreach (var row in rows)
        {
            var json = (string)(await db.StringGetAsync($"{keys.Prefix}:{row.Id}"))!;
            var back = JsonSerializer.Deserialize<Everything>(json, s_json);
            Assert.NotNull(back);
            Check(row, back);
            using var document = JsonDocument.Parse(json);
            Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("u64").ValueKind);
            Assert.Equal(row.Flag ? JsonValueKind.True : JsonValueKind.False, document.RootElement.GetProperty("flag").ValueKind);
            Assert.Equal(row.MaybeInt is null ? JsonValueKind.Null : JsonValueKind.Number, document.RootElement.GetProperty("maybe_int").ValueKind);
        }
    }

    [Fact]
    public async Task NaN_in_JSON_fails_that_row_alone_naming_the_column()
    {
        var redis = await TestRedis.ConnectAsync();
        var keys = new RedisKeyOptions { Prefix = TestRedis.UniquePrefix("json-nan") };
        var rows = Rows();
        var poison = rows[0] with { Id = 3, F64 = double.NaN };
        var failed = Flows.Rows(await Flows.RunAsync(options => EverythingFlow.RedisJson(redis, keys, options), [rows[0], poison, rows[1]]));

        var (row, error) = Assert.Single(failed);
        Assert.Equal(3, row.Id);
        Assert.IsType<ArgumentException>(error);
        Assert.Contains("'f64'", error.Message, StringComparison.Ordinal);
        var db = await TestRedis.DatabaseAsync();
        Assert.True(await db.KeyExistsAsync($"{keys.Prefix}:1"));
        Assert.True(await db.KeyExistsAsync($"{keys.Prefix}:2"));
        Assert.False(await db.KeyExistsAsync($"{keys.Prefix}:3"));
    }

    private static void Check(Everything expected, Everything actual)
    {
        Assert.Equal(expected.Blob, actual.Blob);
        Assert.Equal(expected.MaybeBlob, actual.MaybeBlob);
        Assert.Equal(expected.At.Kind, actual.At.Kind);
        Assert.Equal(expected.MaybeAt?.Kind, actual.MaybeAt?.Kind);
        Assert.Equal(expected.AtOffset.Offset, actual.AtOffset.Offset);
        Assert.Equal(Normalized(expected), Normalized(actual));
    }
}
