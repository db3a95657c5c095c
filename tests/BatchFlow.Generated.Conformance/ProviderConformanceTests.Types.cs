using System.Reflection;

namespace BatchFlow.Conformance;

public abstract partial class ProviderConformanceTests
{
    private static readonly DateTime s_noon = new(2024, 2, 29, 12, 34, 56, 789, DateTimeKind.Unspecified);

    /// <summary>
    /// Every supported type at its limits, with nulls and in between. Only values every provider can hold: no NaN
    /// (SQLite refuses it), no U+0000 in text (PostgreSQL refuses it), <see cref="DateTimeKind.Unspecified"/>
    /// times (PostgreSQL's <c>timestamp</c>); what a provider keeps less exactly it says in <see cref="ConformanceTarget.Stored"/>.
    /// </summary>
    public static TheoryData<string> TypeRows => new(s_typeRows.Keys);

    private static readonly Dictionary<string, TypeRow> s_typeRows = new()
    {
        ["minimum"] = new TypeRow(
            1, false, false, byte.MinValue, byte.MinValue, sbyte.MinValue, sbyte.MinValue, short.MinValue, short.MinValue,
            ushort.MinValue, ushort.MinValue, int.MinValue, int.MinValue, uint.MinValue, uint.MinValue, long.MinValue, long.MinValue,
            ulong.MinValue, ulong.MinValue, float.MinValue, float.MinValue, double.MinValue, double.MinValue,
            decimal.MinValue, decimal.MinValue, "", "", ' ', ' ', Guid.Empty, Guid.Empty, DateTime.MinValue, DateTime.MinValue,
            DateTimeOffset.MinValue, DateTimeOffset.MinValue, DateOnly.MinValue, DateOnly.MinValue, TimeOnly.MinValue, TimeOnly.MinValue,
            TimeSpan.MinValue, TimeSpan.MinValue, [], [], Level.Low, Level.Low, Bits.None, Bits.None),
        ["maximum"] = new TypeRow(
            2, true, true, byte.MaxValue, byte.MaxValue, sbyte.MaxValue, sbyte.MaxValue, short.MaxValue, short.MaxValue,
            ushort.MaxValue, ushort.MaxValue, int.MaxValue, int.MaxValue, uint.MaxValue, uint.MaxValue, long.MaxValue, long.MaxValue,
            ulong.MaxValue, ulong.MaxValue, float.MaxValue, float.MaxValue, double.MaxValue, double.MaxValue,
            decimal.MaxValue, decimal.MaxValue, new string('字', 10_000), "\U0001F600", '字', '\uFFFD',
            Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), Guid.NewGuid(), DateTime.MaxValue, DateTime.MaxValue,
            DateTimeOffset.MaxValue, DateTimeOffset.MaxValue, DateOnly.MaxValue, DateOnly.MaxValue, TimeOnly.MaxValue, TimeOnly.MaxValue,
            TimeSpan.MaxValue, TimeSpan.MaxValue, Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray(), [0, 255],
            Level.High, Level.High, Bits.Top, Bits.Top),
        ["nulls and everyday values"] = new TypeRow(
            3, true, null, 7, null, -7, null, -300, null, 60_000, null, -70_000, null, 4_000_000_000, null, -5_000_000_000, null,
            18_000_000_000_000_000_000, null, 3.25f, null, Math.PI, null, -12345.6789m, null, "héllo wörld — ∑ 🎉 \t\n'\"\\", null,
            'é', null, Guid.NewGuid(), null, s_noon, null, new DateTimeOffset(s_noon, TimeSpan.FromHours(5.5)), null,
            new DateOnly(2024, 2, 29), null, new TimeOnly(12, 34, 56, 789, 123), null, new TimeSpan(-3, -4, -5, -6, -7), null,
            [1, 2, 3], null, (Level)12, null, (Bits)5, null),
        ["small fractions"] = new TypeRow(
            4, false, true, 0, 1, 0, -1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, float.Epsilon, -0.5f, double.Epsilon, 1e-300,
            0.0000000000000000000000000001m, -79228162514264337593543950.335m, " spaced ", "x", 'A', 'z',
            Guid.NewGuid(), Guid.NewGuid(), new DateTime(2000, 1, 1), new DateTime(1999, 12, 31, 23, 59, 59),
            new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.FromHours(-14)), new DateTimeOffset(2038, 1, 19, 3, 14, 8, TimeSpan.FromHours(14)),
            new DateOnly(1, 1, 2), new DateOnly(9999, 12, 30), new TimeOnly(0, 0, 0, 1), new TimeOnly(12, 0),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(1), [0], [], (Level)0, (Level)(-300), (Bits)1, (Bits)ulong.MaxValue),
    };

    [Theory]
    [MemberData(nameof(TypeRows))]
    public async Task Every_supported_type_round_trips(string description)
    {
        var row = s_typeRows[description];
        var table = await Target.CreateTableAsync(TypeRowFlow.Table);
        var (options, failures) = Collecting<TypeRow>(flushSize: 10);
        await using (var flow = Flow(table, options))
        {
            await flow.SubmitAsync(row);
        }

        Assert.Empty(failures.Select(f => f.Exception.Message));
        var columns = table.Columns.Select(c => (c.Name, c.Type)).ToList();
        var stored = Assert.Single(await Target.ReadAsync(table, columns));
        for (var i = 0; i < columns.Count; i++)
        {
            var column = table.Columns[i];
            var expected = Target.Stored(column.Type, ColumnValue(row, column));
            AssertSameValue(expected, stored[i], $"{description}: column {column.Name}");
        }
    }

    [Fact]
    public void The_type_rows_cover_every_column_type_with_and_without_null()
    {
        var covered = TypeRowFlow.Table.Columns.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.Select(c => c.IsNullable).ToHashSet());
        Assert.All(Enum.GetValues<ColumnType>(), type =>
        {
            // Enums travel as their underlying integer: Level as Int16, Bits as UInt64, and those are covered anyway.
            Assert.True(covered.TryGetValue(type, out var nullability) && nullability.SetEquals([true, false]), $"{type} is not covered both ways.");
        });
        Assert.Contains(s_typeRows.Values, r => r.TextN is null);
    }

    /// <summary>The member's value as the writer hands it to a provider: an enum as its underlying integer.</summary>
    private static object? ColumnValue(TypeRow row, ColumnDescription column)
    {
        var value = typeof(TypeRow).GetProperty(column.MemberName, BindingFlags.Public | BindingFlags.Instance)!.GetValue(row);
        return value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture) : value;
    }

    private static void AssertSameValue(object? expected, object? actual, string what)
    {
        if (expected is byte[] bytes)
        {
            Assert.True(actual is byte[] read && bytes.AsSpan().SequenceEqual(read), $"{what}: the bytes differ.");
            return;
        }

        Assert.True(Equals(expected, actual), $"{what}: wrote {Show(expected)}, read {Show(actual)}.");

        static string Show(object? value) => value switch
        {
            null => "null",
            string { Length: > 40 } s => $"a string of {s.Length} chars",
            DateTimeOffset offset => offset.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            DateTime time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + " " + time.Kind,
            _ => $"{value} ({value.GetType().Name})",
        };
    }
}
