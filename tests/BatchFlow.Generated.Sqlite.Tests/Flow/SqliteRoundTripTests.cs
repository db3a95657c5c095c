using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests.Flow;

/// <summary>Every supported member type, written by a generated flow and read back with Microsoft.Data.Sqlite.</summary>
public sealed class SqliteRoundTripTests
{
    private static readonly string[] ColumnNames =
    [
        "id", "flag", "flag_n", "i8", "i8_n", "u8", "u8_n", "i16", "i16_n", "u16", "u16_n", "i32", "i32_n", "u32", "u32_n",
        "i64", "i64_n", "u64", "u64_n", "f32", "f32_n", "f64", "f64_n", "money", "money_n", "text", "text_n",
        "letter", "letter_n", "uuid", "uuid_n", "at", "at_n", "at_offset", "at_offset_n", "day", "day_n", "time", "time_n",
        "span", "span_n", "bytes", "bytes_n", "mood", "mood_n", "huge", "huge_n",
    ];

    public static TheoryData<string, AllTypes> Rows => new()
    {
        { "minimum values", new AllTypes(
            1, false, false, sbyte.MinValue, sbyte.MinValue, byte.MinValue, byte.MinValue, short.MinValue, short.MinValue,
            ushort.MinValue, ushort.MinValue, int.MinValue, int.MinValue, uint.MinValue, uint.MinValue, long.MinValue, long.MinValue,
            ulong.MinValue, ulong.MinValue, float.MinValue, float.MinValue, double.MinValue, double.MinValue,
            decimal.MinValue, decimal.MinValue, "", "", '\0', 'a', Guid.Empty, Guid.Empty, DateTime.MinValue, DateTime.MinValue,
            DateTimeOffset.MinValue, DateTimeOffset.MinValue, DateOnly.MinValue, DateOnly.MinValue, TimeOnly.MinValue, TimeOnly.MinValue,
            TimeSpan.MinValue, TimeSpan.MinValue, [], [], Mood.Cross, Mood.Cross, Huge.Zero, Huge.Zero) },
        { "maximum values", new AllTypes(
            2, true, true, sbyte.MaxValue, sbyte.MaxValue, byte.MaxValue, byte.MaxValue, short.MaxValue, short.MaxValue,
            ushort.MaxValue, ushort.MaxValue, int.MaxValue, int.MaxValue, uint.MaxValue, uint.MaxValue, long.MaxValue, long.MaxValue,
            ulong.MaxValue, ulong.MaxValue, float.MaxValue, float.MaxValue, double.MaxValue, double.MaxValue,
            decimal.MaxValue, decimal.MaxValue, "\u00e9t\u00e9 \u65e5\u672c \U0001F600", "x", '\uFFFD', 'z',
            Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), Guid.NewGuid(), DateTime.MaxValue, DateTime.MaxValue,
            DateTimeOffset.MaxValue, DateTimeOffset.MaxValue, DateOnly.MaxValue, DateOnly.MaxValue, TimeOnly.MaxValue, TimeOnly.MaxValue,
            TimeSpan.MaxValue, TimeSpan.MaxValue, Enumerable.Range(0, 1 << 20).Select(i => (byte)i).ToArray(), [0, 255],
            Mood.Calm, Mood.Calm, Huge.Max, Huge.Max) },
        { "nulls and everyday values", new AllTypes(
            3, true, null, -5, null, 7, null, -300, null, 60_000, null, 123_456, null, 4_000_000_000, null, -9_000_000_000, null,
            18_000_000_000_000_000_000, null, 3.25f, null, Math.PI, null, 1234.5678m, null, "plain", null, 'q', null,
            Guid.NewGuid(), null, new DateTime(2026, 11, 23, 10, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567), null,
            new DateTimeOffset(2026, 11, 23, 10, 30, 15, TimeSpan.FromHours(5.5)).AddTicks(1), null,
            new DateOnly(2026, 2, 28), null, new TimeOnly(23, 59, 59, 999).Add(TimeSpan.FromTicks(9)), null,
            TimeSpan.FromDays(-3.25).Add(TimeSpan.FromTicks(-1)), null, [1, 2, 3], null, Mood.Calm, null, Huge.Zero, null) },
        { "fractional decimals and small doubles", new AllTypes(
            4, false, true, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, float.Epsilon, -0.5f, double.Epsilon, 1e-300,
            0.0000000000000000000000000001m, -79228162514264337593543950.335m, " spaced ", "\t\n", ' ', '\u00e9',
            Guid.NewGuid(), Guid.NewGuid(), new DateTime(2000, 1, 1), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Local),
            new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.FromHours(-14)), new DateTimeOffset(2038, 1, 19, 3, 14, 8, TimeSpan.FromHours(14)),
            new DateOnly(1, 1, 2), new DateOnly(9999, 12, 30), new TimeOnly(0, 0, 0, 1), new TimeOnly(12, 0),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(1), [0], [], (Mood)99, (Mood)0, (Huge)12345, (Huge)1) },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Every_supported_type_round_trips_through_SQLite(string description, AllTypes row)
    {
        using var db = new SqliteDatabase($"CREATE TABLE all_types ({string.Join(", ", ColumnNames.Select(c => c == "id" ? "id INTEGER PRIMARY KEY" : c))});");
        await using (var flow = AllTypesFlow.Sqlite(db.ConnectionString))
        {
            await flow.SubmitAsync(row);
        }

        var back = Assert.Single(db.Query($"SELECT {string.Join(", ", ColumnNames)} FROM all_types", Read));
        Assert.True(row.Bytes.AsSpan().SequenceEqual(back.Bytes), $"{description}: Bytes differ");
        Assert.Equal(row.BytesN is null, back.BytesN is null);
        Assert.True((row.BytesN ?? []).AsSpan().SequenceEqual(back.BytesN ?? []), $"{description}: BytesN differ");
        Assert.Equal(row with { Bytes = [], BytesN = null }, back with { Bytes = [], BytesN = null });
    }

    [Fact]
    public void The_generated_table_description_lists_every_column_in_order_with_snake_case_names()
    {
        Assert.Equal(ColumnNames, AllTypesFlow.Table.Columns.Select(c => c.Name));
        Assert.Equal(["id"], AllTypesFlow.Table.KeyColumns.Select(c => c.Name));
        Assert.True(AllTypesFlow.Table.Columns.Single(c => c.Name == "mood").IsEnum);
    }

    private static AllTypes Read(SqliteDataReader r)
    {
        var i = 0;
        return new AllTypes(
            r.GetInt32(i++), r.GetBoolean(i++), N<bool>(r, i++), r.GetFieldValue<sbyte>(i++), N<sbyte>(r, i++), r.GetByte(i++), N<byte>(r, i++),
            r.GetInt16(i++), N<short>(r, i++), r.GetFieldValue<ushort>(i++), N<ushort>(r, i++), r.GetInt32(i++), N<int>(r, i++),
            r.GetFieldValue<uint>(i++), N<uint>(r, i++), r.GetInt64(i++), N<long>(r, i++), r.GetFieldValue<ulong>(i++), N<ulong>(r, i++),
            r.GetFloat(i++), N<float>(r, i++), r.GetDouble(i++), N<double>(r, i++), r.GetDecimal(i++), N<decimal>(r, i++),
            r.GetString(i++), r.IsDBNull(i++) ? null : r.GetString(i - 1), r.GetChar(i++), N<char>(r, i++), r.GetGuid(i++), N<Guid>(r, i++),
            r.GetDateTime(i++), N<DateTime>(r, i++), r.GetFieldValue<DateTimeOffset>(i++), N<DateTimeOffset>(r, i++),
            r.GetFieldValue<DateOnly>(i++), N<DateOnly>(r, i++), r.GetFieldValue<TimeOnly>(i++), N<TimeOnly>(r, i++),
            r.GetFieldValue<TimeSpan>(i++), N<TimeSpan>(r, i++), r.GetFieldValue<byte[]>(i++), r.IsDBNull(i++) ? null : r.GetFieldValue<byte[]>(i - 1),
            (Mood)r.GetInt16(i++), r.IsDBNull(i++) ? null : (Mood)r.GetInt16(i - 1),
            (Huge)r.GetFieldValue<ulong>(i++), r.IsDBNull(i++) ? null : (Huge)r.GetFieldValue<ulong>(i - 1));
    }

    private static T? N<T>(SqliteDataReader reader, int ordinal)
        where T : struct => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
