using BatchFlow.PostgreSql.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

public sealed class TypeRoundTripTests
{
    private static readonly byte[] s_noBlob = [];
    private static readonly DateTime s_maxMicros = new(9999, 12, 31, 23, 59, 59, 999, 999);

    [Fact]
    public async Task Every_supported_type_round_trips_at_its_limits_and_in_between()
    {
        var blob = new byte[1024 * 1024];
        new Random(42).NextBytes(blob);
        AllTypes[] rows =
        [
            new(1, false, byte.MinValue, sbyte.MinValue, short.MinValue, ushort.MinValue, int.MinValue, uint.MinValue, long.MinValue, ulong.MinValue,
                float.MinValue, double.MinValue, decimal.MinValue, "", ' ', Guid.Empty,
                DateTime.MinValue, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), DateTimeOffset.MinValue,
                DateOnly.MinValue, TimeOnly.MinValue, Micros(TimeSpan.MinValue), [], Mood.Sad, Shade.None, Mask.None),
            new(2, true, byte.MaxValue, sbyte.MaxValue, short.MaxValue, ushort.MaxValue, int.MaxValue, uint.MaxValue, long.MaxValue, ulong.MaxValue,
                float.MaxValue, double.MaxValue, decimal.MaxValue, new string('字', 10_000), '字', Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                DateTime.MaxValue, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), DateTimeOffset.MaxValue,
                DateOnly.MaxValue, new TimeOnly(23, 59, 59, 999, 999), Micros(TimeSpan.MaxValue), blob, Mood.Happy, Shade.Full, Mask.All),
            new(3, true, 7, -7, -300, 60_000, -70_000, 4_000_000_000, -5_000_000_000, 18_000_000_000_000_000_000,
                float.NaN, double.PositiveInfinity, -12345.678900m, "héllo wörld — ∑ 🎉 \t\n'\"\\", 'é', Guid.NewGuid(),
                new DateTime(2024, 2, 29, 12, 34, 56, 123, 456, DateTimeKind.Local), new DateTime(2024, 2, 29, 12, 34, 56, 123, 456, DateTimeKind.Utc),
                new DateTimeOffset(2024, 2, 29, 12, 34, 56, 123, 456, TimeSpan.FromHours(5.5)),
                new DateOnly(2024, 2, 29), new TimeOnly(12, 34, 56, 123, 456), new TimeSpan(-3, -4, -5, -6, -7, -8), [0, 1, 0, 255], Mood.Calm, (Shade)128, (Mask)(1UL << 63)),
            new(4, false, 0, 0, 0, 0, 0, 0, 0, 0,
                float.NegativeInfinity, double.NaN, 0m, "x", 'A', Guid.NewGuid(),
                s_maxMicros, DateTime.SpecifyKind(s_maxMicros, DateTimeKind.Utc), new DateTimeOffset(s_maxMicros, TimeSpan.Zero),
                new DateOnly(1, 1, 2), TimeOnly.MinValue, TimeSpan.Zero, [42], (Mood)12345, Shade.None, (Mask)1),
        ];

        await using var table = await TestTable.CreateAsync(AllTypesFlow.Table.Name, TypeTables.Sql(AllTypesFlow.Table, nullable: false));
        var log = new FailureLog<AllTypes>();
        await using (var flow = AllTypesFlow.Postgres(table.DataSource, log.Options()))
        {
            foreach (var row in rows)
            {
                await flow.SubmitAsync(row);
            }
        }

        Assert.Empty(log.Failures.Select(f => f.Exception.Message));
        var stored = await table.QueryAsync($"SELECT * FROM {table.Quoted} ORDER BY id", ReadAllTypes);
        Assert.Equal(rows.Length, stored.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            AssertSame(rows[i], stored[i]);
        }
    }

    [Theory]
    [InlineData(Conflict.None)]
    [InlineData(Conflict.Update)]
    public Task Nullable_members_write_null_and_values_on_the_copy_and_the_upsert_path(Conflict conflict) => conflict switch
    {
        Conflict.None => NullableMembersRoundTripAsync<NullableTypes>(),
        Conflict.Update => NullableMembersRoundTripAsync<UpdateNullableTypes>(),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    [Fact]
    public async Task Time_values_keep_microseconds_and_drop_the_seventh_fractional_digit_as_postgresql_stores_microseconds()
    {
        var at = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Unspecified).AddTicks(1_234_567);
        var row = new NullableTypes(1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            at, null, null, null, new TimeOnly(1, 2, 3).Add(TimeSpan.FromTicks(9_999_999)), TimeSpan.FromTicks(1_234_567), null, null, null, null);

        await using var table = await TestTable.CreateAsync(NullableTypesFlow.Table.Name, TypeTables.Sql(NullableTypesFlow.Table, nullable: true));
        await using (var flow = NullableTypesFlow.Postgres(table.DataSource))
        {
            await flow.SubmitAsync(row);
        }

        var stored = Assert.Single(await table.QueryAsync($"SELECT * FROM {table.Quoted}", ReadNullableTypes));
        Assert.Equal(at.AddTicks(-7), stored.Local);
        Assert.Equal(new TimeOnly(1, 2, 3).Add(TimeSpan.FromTicks(9_999_990)), stored.Time);
        Assert.Equal(TimeSpan.FromTicks(1_234_560), stored.Span);
    }

    private static async Task NullableMembersRoundTripAsync<T>()
        where T : INullableTypes<T>
    {
        NullableTypes[] rows =
        [
            new(1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
            new(2, true, 255, -128, -1, 65_535, -1, uint.MaxValue, long.MinValue, ulong.MaxValue, 1.5f, -2.25, 0.1m, "", 'z', Guid.NewGuid(),
                new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Unspecified), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc),
                new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.FromHours(-8)), new DateOnly(2001, 2, 3), new TimeOnly(4, 5, 6),
                TimeSpan.FromDays(40), [], Mood.Sad, Shade.Full, Mask.All),
        ];

        await using var table = await TestTable.CreateAsync(T.Table.Name, TypeTables.Sql(T.Table, nullable: true));
        var log = new FailureLog<T>();
        await using (var flow = T.Postgres(table.DataSource, log.Options()))
        {
            foreach (var row in rows)
            {
                await flow.SubmitAsync(T.From(row));
            }
        }

        Assert.Empty(log.Failures.Select(f => f.Exception.Message));
        var stored = await table.QueryAsync($"SELECT * FROM {table.Quoted} ORDER BY id", ReadNullableTypes);
        Assert.Equal(rows[0], stored[0]);
        Assert.Equal(rows[1] with { Blob = null }, stored[1] with { Blob = null });
        Assert.Equal(rows[1].Blob, stored[1].Blob);
    }

    private static TimeSpan Micros(TimeSpan value) => TimeSpan.FromTicks(value.Ticks / 10 * 10);

    private static void AssertSame(AllTypes expected, AllTypes actual)
    {
        // Records compare byte[] by reference: compare the rest with one shared blob, then the bytes.
        Assert.Equal(expected with { Blob = s_noBlob }, actual with { Blob = s_noBlob });
        Assert.Equal(expected.Blob, actual.Blob);
    }

    private static AllTypes ReadAllTypes(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetBoolean(1), checked((byte)r.GetInt16(2)), checked((sbyte)r.GetInt16(3)), r.GetInt16(4), checked((ushort)r.GetInt32(5)),
        r.GetInt32(6), checked((uint)r.GetInt64(7)), r.GetInt64(8), (ulong)r.GetDecimal(9), r.GetFloat(10), r.GetDouble(11), r.GetDecimal(12),
        r.GetString(13), r.GetFieldValue<char>(14), r.GetGuid(15), r.GetDateTime(16), r.GetDateTime(17), r.GetFieldValue<DateTimeOffset>(18),
        r.GetFieldValue<DateOnly>(19), r.GetFieldValue<TimeOnly>(20), r.GetFieldValue<TimeSpan>(21), r.GetFieldValue<byte[]>(22),
        (Mood)r.GetInt32(23), (Shade)checked((byte)r.GetInt16(24)), (Mask)(ulong)r.GetDecimal(25));

    private static NullableTypes ReadNullableTypes(NpgsqlDataReader r) => new(
        r.GetInt64(0), Get<bool>(r, 1), Get<short>(r, 2) is { } u8 ? checked((byte)u8) : null, Get<short>(r, 3) is { } i8 ? checked((sbyte)i8) : null,
        Get<short>(r, 4), Get<int>(r, 5) is { } u16 ? checked((ushort)u16) : null, Get<int>(r, 6), Get<long>(r, 7) is { } u32 ? checked((uint)u32) : null,
        Get<long>(r, 8), Get<decimal>(r, 9) is { } u64 ? (ulong)u64 : null, Get<float>(r, 10), Get<double>(r, 11), Get<decimal>(r, 12),
        r.IsDBNull(13) ? null : r.GetString(13), Get<char>(r, 14), Get<Guid>(r, 15), Get<DateTime>(r, 16), Get<DateTime>(r, 17),
        Get<DateTimeOffset>(r, 18), Get<DateOnly>(r, 19), Get<TimeOnly>(r, 20), Get<TimeSpan>(r, 21),
        r.IsDBNull(22) ? null : r.GetFieldValue<byte[]>(22), Get<int>(r, 23) is { } mood ? (Mood)mood : null,
        Get<short>(r, 24) is { } shade ? (Shade)checked((byte)shade) : null, Get<decimal>(r, 25) is { } mask ? (Mask)(ulong)mask : null);

    private static T? Get<T>(NpgsqlDataReader reader, int ordinal)
        where T : struct => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
