using System.Collections;
using System.Reflection;
using System.Text;
using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests;

/// <summary>
/// Rows written by the stream flow, read back with XRANGE and rebuilt by <see cref="RedisStreamRows"/>: every member
/// type at its limits, nulls, special floating-point values and DateTime kinds, compared bit for bit; and entries that
/// are not rows refused by name.
/// </summary>
public sealed class StreamReaderTests
{
    private const string Table = "everything_log";

    private static readonly Guid s_token = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static EverythingEntry Max(long id) => new(
        id, true, byte.MaxValue, sbyte.MaxValue, short.MaxValue, ushort.MaxValue, int.MaxValue, uint.MaxValue, long.MaxValue, ulong.MaxValue,
        float.MaxValue, double.MaxValue, decimal.MaxValue, "héllo ✓ 😀 \"quoted\"\n\ttab \\ <b>& 𝄞", char.MaxValue, Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
        DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), DateTimeOffset.MaxValue, DateOnly.MaxValue, TimeOnly.MaxValue, TimeSpan.MaxValue,
        [.. Enumerable.Range(0, 256).Select(i => (byte)i)], Shade.Light,
        true, byte.MaxValue, sbyte.MaxValue, short.MaxValue, ushort.MaxValue, int.MaxValue, uint.MaxValue, long.MaxValue, ulong.MaxValue,
        float.MaxValue, double.MaxValue, decimal.MaxValue, "🙂", 'ÿ', s_token,
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1_234_567), new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.FromHours(14)).AddTicks(1),
        DateOnly.MaxValue, TimeOnly.MaxValue, TimeSpan.MaxValue, [1, 2, 3], Shade.Light);

    private static EverythingEntry Min(long id) => new(
        id, false, byte.MinValue, sbyte.MinValue, short.MinValue, ushort.MinValue, int.MinValue, uint.MinValue, long.MinValue, ulong.MinValue,
        float.MinValue, double.MinValue, decimal.MinValue, "", '\0', Guid.Empty,
        DateTime.MinValue, DateTimeOffset.MinValue, DateOnly.MinValue, TimeOnly.MinValue, TimeSpan.MinValue, [], Shade.Dark,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>Every type at its limits, nulls, -0, NaN and the infinities, decimal scales, each DateTime kind, offsets.</summary>
    public static EverythingEntry[] Rows() =>
    [
        Max(1),
        Min(2),
        Max(3) with
        {
            F32 = float.Epsilon, F64 = -0.0, Money = 0.0000000000000000000000000001m, Text = "😀", Letter = 'é',
            At = new DateTime(2001, 1, 1, 1, 1, 1, DateTimeKind.Local).AddTicks(7), AtOffset = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(-14)),
            Span = new TimeSpan(-3, -4, -5, -6).Add(TimeSpan.FromTicks(-7)), Clock = new TimeOnly(13, 14, 15).Add(TimeSpan.FromTicks(1)),
            MaybeF32 = float.NaN, MaybeF64 = double.PositiveInfinity, MaybeMoney = -1.10m, MaybeLetter = ' ', MaybeText = "",
            MaybeAt = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(9), MaybeBlob = [], MaybeI64 = -1, MaybeU64 = 0,
        },
        Min(4) with
        {
            F32 = -0.0f, F64 = double.NaN, Money = -0.0001m, Text = "a\0b", MaybeF32 = float.PositiveInfinity, MaybeF64 = double.NegativeInfinity,
            MaybeMoney = 1.1000m, At = new DateTime(2024, 6, 30, 12, 0, 0, DateTimeKind.Utc), MaybeAt = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Local).AddDays(-2),
            MaybeI16 = -1, MaybeFlag = false, MaybeI32 = 0, MaybeShade = Shade.Dark, MaybeToken = Guid.Empty,
        },
        Min(5) with { F32 = float.NegativeInfinity, F64 = double.Epsilon, MaybeF32 = -0.0f, MaybeF64 = -0.0, MaybeMoney = 0.00m, MaybeText = "x" },
        Max(6) with { F32 = 0.1f, F64 = 0.1 + 0.2, Money = 1.10m, MaybeF32 = float.Epsilon, MaybeF64 = -double.Epsilon, MaybeMoney = decimal.MinValue },
    ];

    [Fact]
    public async Task Every_type_written_by_the_stream_flow_reads_back_bit_for_bit()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-read");
        var rows = Rows();
        Assert.Empty(await Flows.RunAsync(options => EverythingEntryFlow.RedisStream(redis, stream, null, options), rows));

        var entries = await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream);
        Assert.Equal(rows.Length, entries.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            AssertSame(rows[i], RedisStreamRows.Read(EverythingEntryFlow.Table, entries[i]));
        }

        // The null members of row 2 are absent fields; the test compares something.
        Assert.Equal(23, entries[1].Values.Length);
        Assert.Equal(45, entries[0].Values.Length);
    }

    [Fact]
    public async Task A_lone_surrogate_fails_its_row_at_the_sink_and_the_rows_around_it_read_back()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-surrogate");
        EverythingEntry[] rows = [Max(1), Max(2) with { Text = "a\uD800b" }, Max(3) with { MaybeLetter = '\uDC00' }, Min(4) with { Text = "\uD83D\uDE00" }];
        var failed = Flows.Rows(await Flows.RunAsync(options => EverythingEntryFlow.RedisStream(redis, stream, null, options), rows));

        Assert.Equal([2L, 3L], failed.Select(f => f.Row.Id).Order());
        Assert.All(failed, f => Assert.IsType<ArgumentException>(f.Error));
        Assert.Contains("'text'", failed.Single(f => f.Row.Id == 2).Error.Message, StringComparison.Ordinal);
        Assert.Contains("'maybe_letter'", failed.Single(f => f.Row.Id == 3).Error.Message, StringComparison.Ordinal);
        var entries = await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream);
        Assert.Equal(2, entries.Length);
        AssertSame(rows[0], RedisStreamRows.Read(EverythingEntryFlow.Table, entries[0]));
        AssertSame(rows[3], RedisStreamRows.Read(EverythingEntryFlow.Table, entries[1]));
    }

    [Fact]
    public async Task Fields_in_another_order_read_the_same_row()
    {
        var (stream, fields) = await OneEntryAsync(Max(1));
        var db = await TestRedis.DatabaseAsync();
        var id = await db.StreamAddAsync(stream, [.. fields.Reverse()]);
        var entry = (await db.StreamRangeAsync(stream, id, id)).Single();
        AssertSame(Max(1), RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
    }

    [Fact]
    public async Task A_missing_field_of_a_column_that_cannot_be_null_names_the_entry_the_field_and_the_table()
    {
        var (stream, fields) = await OneEntryAsync(Max(1));
        var entry = await AddAsync(stream, [.. fields.Where(f => f.Name != "i32")]);
        var error = Assert.Throws<RedisStreamEntryException>(() => RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
        Assert.Equal((string)entry.Id!, error.EntryId);
        Assert.Equal("i32", error.Field);
        Assert.Equal(Table, error.Table);
        Assert.Contains((string)entry.Id!, error.Message, StringComparison.Ordinal);
        Assert.Contains("no field 'i32'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Table}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_written_into_a_reference_member_declared_non_null_is_refused_on_reading_as_missing()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-null-text");
        Assert.Empty(await Flows.RunAsync(options => EverythingEntryFlow.RedisStream(redis, stream, null, options), [Max(1) with { Text = null! }]));
        var entry = (await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream)).Single();
        var error = Assert.Throws<RedisStreamEntryException>(() => RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
        Assert.Equal("text", error.Field);
    }

    [Theory]
    [InlineData("bogus", "1", "has a field 'bogus' that table")]
    [InlineData("id", "1", "has the field 'id' twice")]
    public async Task An_extra_or_repeated_field_is_refused_by_name(string field, string value, string expected)
    {
        var (stream, fields) = await OneEntryAsync(Max(1));
        var entry = await AddAsync(stream, [.. fields, new NameValueEntry(field, value)]);
        var error = Assert.Throws<RedisStreamEntryException>(() => RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((string)entry.Id!, error.EntryId);
    }

    [Theory]
    [InlineData("u8", "256")]
    [InlineData("u8", "-1")]
    [InlineData("i8", "-129")]
    [InlineData("i16", "32768")]
    [InlineData("u16", "65536")]
    [InlineData("i32", "12a")]
    [InlineData("i32", " 1")]
    [InlineData("i32", "")]
    [InlineData("u32", "4294967296")]
    [InlineData("i64", "9223372036854775808")]
    [InlineData("u64", "-1")]
    [InlineData("i64", "1.0")]
    [InlineData("flag", "2")]
    [InlineData("flag", "true")]
    [InlineData("f64", "0x10")]
    [InlineData("f32", "one")]
    [InlineData("money", "1e3")]
    [InlineData("money", "79228162514264337593543950336")]
    [InlineData("letter", "ab")]
    [InlineData("letter", "")]
    [InlineData("token", "0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("at", "2024-01-01")]
    [InlineData("at_offset", "2024-01-01T00:00:00.0000000")]
    [InlineData("day", "2024-13-01")]
    [InlineData("clock", "25:00:00.0000000")]
    [InlineData("span", "1 day")]
    [InlineData("shade", "70000")]
    [InlineData("maybe_i32", "x")]
    [InlineData("i32", "١٢")]
    public async Task A_value_that_is_not_its_column_type_is_refused_naming_the_field_never_zeroed(string field, string value)
    {
        var (stream, fields) = await OneEntryAsync(Max(1));
        var entry = await AddAsync(stream, [.. fields.Select(f => f.Name == field ? new NameValueEntry(field, value) : f)]);
        var error = Assert.Throws<RedisStreamEntryException>(() => RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
        Assert.Equal(field, error.Field);
        Assert.Equal(Table, error.Table);
        Assert.Equal((string)entry.Id!, error.EntryId);
        Assert.Contains($"field '{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_valid_UTF8_is_refused_not_replaced()
    {
        var (stream, fields) = await OneEntryAsync(Max(1));
        var entry = await AddAsync(stream, [.. fields.Select(f => f.Name == "text" ? new NameValueEntry("text", new byte[] { 0x61, 0xFF, 0x62 }) : f)]);
        var error = Assert.Throws<RedisStreamEntryException>(() => RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
        Assert.Equal("text", error.Field);
        Assert.IsType<DecoderFallbackException>(error.InnerException);
    }

    [Fact]
    public void A_type_without_a_generated_reader_is_refused_and_a_null_entry_too()
    {
        Assert.Null(UnreadableFlow.Table.Reader);
        var error = Assert.Throws<NotSupportedException>(() => RedisStreamRows.Read(UnreadableFlow.Table, new StreamEntry("1-0", [new NameValueEntry("id", 1)])));
        Assert.Contains("'unreadable'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RedisStreamRows.Read(EventFlow.Table, StreamEntry.Null));
    }

    [Fact]
    public void Values_held_in_memory_as_integers_or_strings_read_as_the_server_would_return_them()
    {
        var entry = new StreamEntry("5-1", [new NameValueEntry("id", 7L), new NameValueEntry("kind", "k"), new NameValueEntry("note", "")]);
        Assert.Equal(new Event(7, "k", ""), RedisStreamRows.Read(EventFlow.Table, entry));
        Assert.Equal(new Event(8, "k", null), RedisStreamRows.Read(EventFlow.Table, "5-2", [new NameValueEntry("kind", "k"), new NameValueEntry("id", "8")]));
    }

    /// <summary>Reading a row of a long and a double allocates the row and nothing else: no boxing, no text.</summary>
    [Fact]
    public async Task Reading_a_row_without_text_allocates_only_the_row()
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-alloc");
        Assert.Empty(await Flows.RunAsync(options => ReadingFlow.RedisStream(redis, stream, null, options), [new Reading(-42, -1234.5e-67)]));
        var entry = (await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream)).Single();
        Assert.Equal(new Reading(-42, -1234.5e-67), RedisStreamRows.Read(ReadingFlow.Table, entry));

        const int Reads = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
        {
            _ = RedisStreamRows.Read(ReadingFlow.Table, entry);
        }

        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / Reads;
        Assert.InRange(perRead, 1, 40);   // a two-field record is 32 bytes on 64-bit
    }

    /// <summary>Writes one row through the flow and returns the stream and the row's fields as the server gives them back.</summary>
    private static async Task<(string Stream, NameValueEntry[] Fields)> OneEntryAsync(EverythingEntry row)
    {
        var redis = await TestRedis.ConnectAsync();
        var stream = TestRedis.UniquePrefix("stream-bad");
        Assert.Empty(await Flows.RunAsync(options => EverythingEntryFlow.RedisStream(redis, stream, null, options), [row]));
        var entry = (await (await TestRedis.DatabaseAsync()).StreamRangeAsync(stream)).Single();
        AssertSame(row, RedisStreamRows.Read(EverythingEntryFlow.Table, entry));
        return (stream, entry.Values);
    }

    private static async Task<StreamEntry> AddAsync(string stream, NameValueEntry[] fields)
    {
        var db = await TestRedis.DatabaseAsync();
        var id = await db.StreamAddAsync(stream, fields);
        return (await db.StreamRangeAsync(stream, id, id)).Single();
    }

    /// <summary>
    /// Member by member, bit for bit: floating point by its bits (so -0 and NaN count), decimals by their bits (so the
    /// scale counts), DateTime by ticks and Kind, DateTimeOffset by ticks and offset, byte arrays by content.
    /// </summary>
    internal static void AssertSame<T>(T expected, T actual)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var (e, a) = (property.GetValue(expected), property.GetValue(actual));
            Assert.True(Same(e, a), $"{property.Name}: expected {Show(e)}, got {Show(a)}");
        }
    }

    private static bool Same(object? e, object? a) => (e, a) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y),
        (decimal x, decimal y) => decimal.GetBits(x).SequenceEqual(decimal.GetBits(y)),
        (DateTime x, DateTime y) => x.Ticks == y.Ticks && x.Kind == y.Kind,
        (DateTimeOffset x, DateTimeOffset y) => x.Ticks == y.Ticks && x.Offset == y.Offset,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => e.Equals(a) && e.GetType() == a.GetType(),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + $" (bits {BitConverter.DoubleToInt64Bits(d):X})",
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + $" (bits {BitConverter.SingleToInt32Bits(f):X})",
        DateTime t => $"{t:O} ({t.Kind})",
        byte[] b => Convert.ToHexString(b),
        IEnumerable and not string => "sequence",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
