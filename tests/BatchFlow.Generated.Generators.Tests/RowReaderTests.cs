using System.Reflection;

namespace BatchFlow.Generators.Tests;

/// <summary>
/// The generated row reader is the inverse of the generated row writer: a row written into a recording column writer
/// and read back through a column reader that replays those values is the row written, to the bit, and the reader
/// makes exactly the calls <see cref="IColumnReader"/> promises.
/// </summary>
public sealed class RowReaderTests
{
    private static readonly MethodInfo s_roundTrip = typeof(RowReaderTests).GetMethod(nameof(RoundTripOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Rows for <see cref="Samples.AllTypes"/>: limits, NaN and negative zero, every DateTime kind, nulls everywhere.</summary>
    private const string AllTypesRows = """

        internal static class Examples
        {
            public static AllTypes[] Rows =>
            [
                new AllTypes(
                    Flag: false, MaybeFlag: null,
                    Tiny: sbyte.MinValue, MaybeTiny: null,
                    Octet: byte.MinValue, MaybeOctet: null,
                    Small: short.MinValue, MaybeSmall: null,
                    SmallUnsigned: ushort.MinValue, MaybeSmallUnsigned: null,
                    Count: int.MinValue, MaybeCount: null,
                    CountUnsigned: uint.MinValue, MaybeCountUnsigned: null,
                    Big: long.MinValue, MaybeBig: null,
                    BigUnsigned: ulong.MinValue, MaybeBigUnsigned: null,
                    Ratio: float.NaN, MaybeRatio: null,
                    Measure: -0.0, MaybeMeasure: null,
                    Price: decimal.MinValue, MaybePrice: null,
                    Name: "", Nickname: null,
                    Initial: '\0', MaybeInitial: null,
                    Token: Guid.Empty, MaybeToken: null,
                    At: new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567), MaybeAt: null,
                    Stamp: new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromMinutes(-570)).AddTicks(1), MaybeStamp: null,
                    Day: DateOnly.MinValue, MaybeDay: null,
                    Time: TimeOnly.MinValue, MaybeTime: null,
                    Duration: TimeSpan.MinValue, MaybeDuration: null,
                    Payload: [], MaybePayload: null,
                    State: Status.Active, MaybeState: null,
                    Marks: Flags.None, Size: Huge.Small, MaybeSize: null),
                new AllTypes(
                    Flag: true, MaybeFlag: false,
                    Tiny: sbyte.MaxValue, MaybeTiny: -1,
                    Octet: byte.MaxValue, MaybeOctet: 0,
                    Small: short.MaxValue, MaybeSmall: -1,
                    SmallUnsigned: ushort.MaxValue, MaybeSmallUnsigned: 0,
                    Count: int.MaxValue, MaybeCount: 0,
                    CountUnsigned: uint.MaxValue, MaybeCountUnsigned: 0,
                    Big: long.MaxValue, MaybeBig: long.MinValue,
                    BigUnsigned: ulong.MaxValue, MaybeBigUnsigned: ulong.MaxValue,
                    Ratio: -0.0f, MaybeRatio: float.NaN,
                    Measure: double.Epsilon, MaybeMeasure: -0.0,
                    Price: decimal.MaxValue, MaybePrice: 1.10m,
                    Name: "ünï \"cödé\" 🚀\n\t", Nickname: "",
                    Initial: '\uffff', MaybeInitial: 'x',
                    Token: new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), MaybeToken: Guid.Empty,
                    At: new DateTime(1999, 12, 31, 12, 0, 0, DateTimeKind.Local), MaybeAt: new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
                    Stamp: DateTimeOffset.MaxValue, MaybeStamp: new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
                    Day: DateOnly.MaxValue, MaybeDay: DateOnly.MinValue,
                    Time: TimeOnly.MaxValue, MaybeTime: TimeOnly.MinValue,
                    Duration: TimeSpan.MaxValue, MaybeDuration: TimeSpan.Zero,
                    Payload: [0, 1, 255], MaybePayload: [],
                    State: (Status)42, MaybeState: Status.Retired,
                    Marks: Flags.Hot, Size: Huge.Big, MaybeSize: Huge.Big),
                new AllTypes(
                    Flag: false, MaybeFlag: true,
                    Tiny: 0, MaybeTiny: sbyte.MinValue,
                    Octet: 1, MaybeOctet: byte.MaxValue,
                    Small: 0, MaybeSmall: short.MaxValue,
                    SmallUnsigned: 1, MaybeSmallUnsigned: ushort.MaxValue,
                    Count: 0, MaybeCount: int.MinValue,
                    CountUnsigned: 1, MaybeCountUnsigned: uint.MaxValue,
                    Big: 0, MaybeBig: long.MaxValue,
                    BigUnsigned: 1, MaybeBigUnsigned: 0,
                    Ratio: float.NegativeInfinity, MaybeRatio: -0.0f,
                    Measure: double.PositiveInfinity, MaybeMeasure: double.NaN,
                    Price: -0.000m, MaybePrice: 0.0000000000000000000000000001m,
                    Name: null!, Nickname: "\u00e9",
                    Initial: 'é', MaybeInitial: '\0',
                    Token: new Guid("ffffffff-ffff-ffff-ffff-ffffffffffff"), MaybeToken: new Guid("00000000-0000-0000-0000-000000000001"),
                    At: new DateTime(2038, 1, 19, 3, 14, 8, DateTimeKind.Unspecified), MaybeAt: DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
                    Stamp: DateTimeOffset.MinValue, MaybeStamp: new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)),
                    Day: new DateOnly(2024, 2, 29), MaybeDay: DateOnly.MaxValue,
                    Time: new TimeOnly(12, 34, 56, 789), MaybeTime: TimeOnly.MaxValue,
                    Duration: TimeSpan.FromTicks(-1), MaybeDuration: TimeSpan.MinValue,
                    Payload: null!, MaybePayload: [42],
                    State: Status.Retired, MaybeState: (Status)(-7),
                    Marks: (Flags)255, Size: (Huge)0, MaybeSize: null),
            ];
        }
        """;

    [Fact]
    public void Every_column_type_round_trips_exactly_through_the_generated_writer_and_reader()
    {
        var (table, rows) = Load(Samples.AllTypes + AllTypesRows, "MyApp.Catalog.AllTypes");

        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            var back = RoundTrip(table, row);

            // Record equality on top of the cell comparison: it reads every member, the ones no column has included.
            Assert.Equal(row, back);
            Assert.Equal(Get<DateTime>(row, "At").Kind, Get<DateTime>(back, "At").Kind);
        }

        Assert.Equal([DateTimeKind.Utc, DateTimeKind.Local, DateTimeKind.Unspecified], rows.Select(r => Get<DateTime>(RoundTrip(table, r), "At").Kind));
        Assert.Equal(TimeSpan.FromMinutes(-570), Get<DateTimeOffset>(RoundTrip(table, rows[0]), "Stamp").Offset);
        Assert.Equal(2, (decimal.GetBits(Get<decimal?>(RoundTrip(table, rows[1]), "MaybePrice")!.Value)[3] >> 16) & 0xFF);
    }

    [Fact]
    public void A_reference_member_declared_non_null_that_holds_null_is_read_back_as_null()
    {
        var (table, rows) = Load(Samples.AllTypes + AllTypesRows, "MyApp.Catalog.AllTypes");

        var back = RoundTrip(table, rows[2]);

        Assert.Null(Get<string>(back, "Name"));
        Assert.Null(Get<byte[]>(back, "Payload"));
    }

    [Fact]
    public void A_record_struct_gets_its_ignored_constructor_parameter_as_default_and_its_init_property_set()
    {
        var (table, rows) = Load(Samples.Reading + """

            public static class Examples
            {
                public static Reading[] Rows =>
                [
                    new Reading("kitchen", new DateTime(2025, 6, 1, 8, 30, 0, DateTimeKind.Utc), -12.25, "not a column") { Quality = 3 },
                    new Reading("attic", new DateTime(2025, 6, 1, 8, 30, 0, DateTimeKind.Local), double.NaN, null) { Quality = null },
                ];
            }
            """, "Telemetry.Reading");

        foreach (var row in rows)
        {
            var back = RoundTrip(table, row);

            Assert.True(table.RowType.IsValueType);
            Assert.Null(Get<string>(back, "DebugNote"));
            Assert.Equal(Get<int?>(row, "Quality"), Get<int?>(back, "Quality"));
            Assert.Equal(Get<string>(row, "SensorId"), Get<string>(back, "SensorId"));
            Assert.Equal(Get<DateTime>(row, "TakenAt").Kind, Get<DateTime>(back, "TakenAt").Kind);
        }
    }

    [Fact]
    public void A_class_is_built_with_an_object_initializer_and_a_member_that_is_no_column_keeps_its_constructed_value()
    {
        var (table, rows) = Load("""
            #pragma warning disable CS1591
            using BatchFlow;

            namespace Orders;

            public enum Stage : short { Open = 1, Paid = 2 }

            [BatchTable("orders")]
            public partial class Order
            {
                public required long Id { get; init; }
                public string? Note { get; set; }
                public decimal Total;
                public Stage? Stage { get; init; }
                public int @event { get; set; }
                [BatchIgnore] public int Cache { get; set; } = 7;
            }

            public static class Examples
            {
                public static Order[] Rows =>
                [
                    new Order { Id = 1, Note = "first", Total = 10.50m, Stage = Orders.Stage.Paid, @event = -1, Cache = 99 },
                    new Order { Id = long.MaxValue, Note = null, Total = -0.01m, Stage = null, @event = 0, Cache = 0 },
                ];
            }
            """, "Orders.Order");

        foreach (var row in rows)
        {
            var back = RoundTrip(table, row);

            Assert.NotSame(row, back);
            foreach (var member in new[] { "Id", "Note", "Stage", "event" })
            {
                Assert.Equal(Get<object>(row, member), Get<object>(back, member));
            }

            Assert.Equal(Get<decimal>(row, "Total"), Get<decimal>(back, "Total"));
            Assert.Equal(7, Get<int>(back, "Cache"));
        }
    }

    [Theory]
    [InlineData("readonly record struct", """
        [BatchTable("points")]
        public readonly partial record struct Row(int X, [property: BatchColumn("why")] long? Y, string Label);

        public static class Examples
        {
            public static Row[] Rows => [new(1, null, "a"), new(-1, long.MinValue, "")];
        }
        """)]
    [InlineData("derived positional records, base members through the initializer", """
        public abstract record Entity([property: BatchColumn("entity_id")] long Id)
        {
            public System.DateTime CreatedAt { get; init; }
            [BatchIgnore] public string Cache { get; init; } = "";
        }

        public record Person([BatchKey] long Id, string Name) : Entity(Id);

        [BatchTable("staff", Conflict.Update)]
        public partial record Row(long Id, string Name, string? Role) : Person(Id, Name)
        {
            public int Level { get; init; }
        }

        public static class Examples
        {
            public static Row[] Rows =>
            [
                new(7, "ada", "admin") { Level = 3, CreatedAt = new System.DateTime(2020, 1, 1, 0, 0, 0, System.DateTimeKind.Utc) },
                new(8, "bob", null),
            ];
        }
        """)]
    [InlineData("a record member redeclared as an init property, set after the constructor", """
        [BatchTable("trimmed")]
        public partial record Row(string Name, int Count)
        {
            public string Name { get; init; } = Name.Trim();
        }

        public static class Examples
        {
            public static Row[] Rows => [new("  spaced  ", 1) { Name = "  kept as set  " }, new("plain", 2)];
        }
        """)]
    [InlineData("a record with a required member and an ignored positional parameter", """
        [BatchTable("required")]
        public partial record Row([BatchKey] int Id, [BatchIgnore] string? Scratch)
        {
            public required string Title { get; init; }
        }

        public static class Examples
        {
            public static Row[] Rows => [new(1, null) { Title = "t" }];
        }
        """)]
    [InlineData("a plain struct with fields", """
        [BatchTable("cells")]
        public partial struct Row
        {
            public int Column;
            public double? Value;
            public string? Text { get; set; }
        }

        public static class Examples
        {
            public static Row[] Rows => [new Row { Column = 3, Value = -0.0, Text = "x" }, default];
        }
        """)]
    public void Row_shapes_the_generator_can_rebuild_round_trip_and_compile_without_warnings(string shape, string declarations)
    {
        var source = "#pragma warning disable CS1591\nusing BatchFlow;\n\nnamespace Shapes;\n\n" + declarations;
        Assert.True(shape.Length > 0);
        Assert.Empty(GeneratorHarness.Run(source, ProviderSets.None).CompilationProblems());
        var (table, rows) = Load(source, "Shapes.Row");

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var back = RoundTrip(table, row);
            if (table.RowType.GetMethod("<Clone>$") is not null || table.RowType.IsValueType)
            {
                // Records and structs compare by value: the whole row, members that are no column included.
                Assert.Equal(row, back);
            }
        }
    }

    [Theory]
    [InlineData("a get-only property no constructor sets", """
        public partial class Row
        {
            public Row(long id) => Id = id;

            public long Id { get; }
        }
        """)]
    [InlineData("a readonly field", """
        public partial class Row
        {
            public readonly int Value;
            public int Other { get; set; }
        }
        """)]
    [InlineData("a record member redeclared get-only, computed from its parameter", """
        public partial record Row(int X)
        {
            public int X { get; } = X * 2;
        }
        """)]
    [InlineData("an abstract type", """
        public abstract partial record Row(int Id);
        """)]
    [InlineData("a required member that is no column", """
        public partial class Row
        {
            public int Id { get; set; }
            [BatchIgnore] public required string Secret { get; init; }
        }
        """)]
    [InlineData("no parameterless constructor and no positional one", """
        public partial class Row
        {
            public Row(int id) => Id = id;

            public int Id { get; set; }
        }
        """)]
    [InlineData("a private parameterless constructor", """
        public partial class Row
        {
            private Row()
            {
            }

            public int Id { get; set; }
        }
        """)]
    [InlineData("a setter the generated code cannot reach", """
        public partial class Row
        {
            public int Id { get; private set; }
        }
        """)]
    public void A_type_that_cannot_be_rebuilt_from_its_columns_gets_no_reader_and_still_writes(string reason, string declaration)
    {
        var source = "#pragma warning disable CS1591\nusing BatchFlow;\n\nnamespace NoReader;\n\n[BatchTable(\"rows\")]\n" + declaration;
        var run = GeneratorHarness.Run(source, ProviderSets.None);

        Assert.True(reason.Length > 0);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems());
        Assert.DoesNotContain("RowReader", run.SingleSource(), StringComparison.Ordinal);
        var table = GeneratedAssembly.Compile(source).Table("NoReader.Row");
        Assert.Null(table.Description.GetType().GetProperty(nameof(TableDescription<int>.Reader))!.GetValue(table.Description));
        Assert.NotNull(table.Description.GetType().GetProperty(nameof(TableDescription<int>.Writer))!.GetValue(table.Description));
    }

    [Fact]
    public void A_table_description_built_by_hand_without_a_reader_has_none()
    {
        var table = new TableDescription<int>(
            "numbers",
            Conflict.None,
            [new ColumnDescription("value", "Value", ColumnType.Int32, isNullable: false, isKey: false)],
            keyComparer: null,
            new IntWriter());

        Assert.Null(table.Reader);
    }

    private static (LoadedTable Table, List<object> Rows) Load(string source, string rowTypeName)
    {
        var assembly = GeneratedAssembly.Compile(source);
        var examples = assembly.Type(rowTypeName[..(rowTypeName.LastIndexOf('.') + 1)] + "Examples");
        var rows = (Array)examples.GetProperty("Rows")!.GetValue(null)!;
        return (assembly.Table(rowTypeName), rows.Cast<object>().ToList());
    }

    /// <summary>Writes the row, reads it back, checks the reader's calls and that the row read writes the same cells; returns the row read.</summary>
    private static object RoundTrip(LoadedTable table, object row)
        => s_roundTrip.MakeGenericMethod(table.RowType)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [table.Description, row], culture: null)!;

    private static T RoundTripOf<T>(TableDescription<T> table, T row)
    {
        Assert.NotNull(table.Reader);
        var written = Write(table, row);
        Assert.Equal(table.Columns.Count, written.Count);

        var calls = new List<string>();
        var reader = new ReplayingReader(written, calls);
        var back = table.Reader.Read(ref reader);

        Assert.Equal(written.Count, reader.Position);
        Assert.Equal(ExpectedCalls(table, written), calls);
        Assert.Equal(written, Write(table, back), CellComparer.Instance);
        return back;
    }

    private static List<Cell> Write<T>(TableDescription<T> table, T row)
    {
        var cells = new List<Cell>();
        var writer = new RecordingWriter(cells);
        table.Writer.Write(in row, ref writer);
        return cells;
    }

    /// <summary>
    /// What <see cref="IColumnReader"/> promises: per column, <c>ReadNull</c> first for a member that can hold null (a
    /// <c>Nullable&lt;T&gt;</c> or a reference, as the writer checks), then the method of the column type unless it was null.
    /// </summary>
    private static List<string> ExpectedCalls(TableShape table, List<Cell> written)
    {
        var calls = new List<string>();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            if (column.IsNullable || column.Type is ColumnType.String or ColumnType.Binary)
            {
                calls.Add(ReplayingReader.NullCall);
            }

            if (written[i].Type is { } type)
            {
                Assert.Equal(column.Type, type);
                calls.Add(type.ToString());
            }
        }

        return calls;
    }

    private static T Get<T>(object row, string member)
    {
        var type = row.GetType();
        var value = type.GetProperty(member) is { } property ? property.GetValue(row) : type.GetField(member)!.GetValue(row);
        return (T)value!;
    }

    /// <summary>One value as the recording writer got it: the column type of the method called (null for <c>WriteNull</c>) and the value.</summary>
    private readonly record struct Cell(ColumnType? Type, object? Value);

    /// <summary>Cells equal to the bit: NaN payloads and negative zero, decimal scale, DateTime kind, offsets, array contents.</summary>
    private sealed class CellComparer : IEqualityComparer<Cell>
    {
        public static readonly CellComparer Instance = new();

        public bool Equals(Cell x, Cell y) => x.Type == y.Type && (x.Value, y.Value) switch
        {
            (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            (decimal a, decimal b) => decimal.GetBits(a).SequenceEqual(decimal.GetBits(b)),
            (DateTime a, DateTime b) => a.Ticks == b.Ticks && a.Kind == b.Kind,
            (DateTimeOffset a, DateTimeOffset b) => a.Ticks == b.Ticks && a.Offset == b.Offset,
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            var (a, b) => Equals(a, b),
        };

        public int GetHashCode(Cell obj) => obj.Type.GetHashCode();
    }

    /// <summary>Records every value with the type of the method it came through.</summary>
    private readonly struct RecordingWriter(List<Cell> cells) : IColumnWriter
    {
        public void WriteNull() => cells.Add(new Cell(null, null));

        public void WriteBoolean(bool value) => cells.Add(new Cell(ColumnType.Boolean, value));

        public void WriteByte(byte value) => cells.Add(new Cell(ColumnType.Byte, value));

        public void WriteSByte(sbyte value) => cells.Add(new Cell(ColumnType.SByte, value));

        public void WriteInt16(short value) => cells.Add(new Cell(ColumnType.Int16, value));

        public void WriteUInt16(ushort value) => cells.Add(new Cell(ColumnType.UInt16, value));

        public void WriteInt32(int value) => cells.Add(new Cell(ColumnType.Int32, value));

        public void WriteUInt32(uint value) => cells.Add(new Cell(ColumnType.UInt32, value));

        public void WriteInt64(long value) => cells.Add(new Cell(ColumnType.Int64, value));

        public void WriteUInt64(ulong value) => cells.Add(new Cell(ColumnType.UInt64, value));

        public void WriteSingle(float value) => cells.Add(new Cell(ColumnType.Single, value));

        public void WriteDouble(double value) => cells.Add(new Cell(ColumnType.Double, value));

        public void WriteDecimal(decimal value) => cells.Add(new Cell(ColumnType.Decimal, value));

        public void WriteString(string value) => cells.Add(new Cell(ColumnType.String, value));

        public void WriteChar(char value) => cells.Add(new Cell(ColumnType.Char, value));

        public void WriteGuid(Guid value) => cells.Add(new Cell(ColumnType.Guid, value));

        public void WriteDateTime(DateTime value) => cells.Add(new Cell(ColumnType.DateTime, value));

        public void WriteDateTimeOffset(DateTimeOffset value) => cells.Add(new Cell(ColumnType.DateTimeOffset, value));

        public void WriteDateOnly(DateOnly value) => cells.Add(new Cell(ColumnType.DateOnly, value));

        public void WriteTimeOnly(TimeOnly value) => cells.Add(new Cell(ColumnType.TimeOnly, value));

        public void WriteTimeSpan(TimeSpan value) => cells.Add(new Cell(ColumnType.TimeSpan, value));

        public void WriteBytes(byte[] value) => cells.Add(new Cell(ColumnType.Binary, value));
    }

    /// <summary>Hands recorded cells back in order, logging each call; a value of another type than asked for throws.</summary>
    private struct ReplayingReader(List<Cell> cells, List<string> calls) : IColumnReader
    {
        public const string NullCall = "ReadNull";

        public int Position { get; private set; }

        public bool ReadNull()
        {
            calls.Add(NullCall);
            if (Current.Type is not null)
            {
                return false;
            }

            Position++;
            return true;
        }

        public bool ReadBoolean() => Take<bool>(ColumnType.Boolean);

        public byte ReadByte() => Take<byte>(ColumnType.Byte);

        public sbyte ReadSByte() => Take<sbyte>(ColumnType.SByte);

        public short ReadInt16() => Take<short>(ColumnType.Int16);

        public ushort ReadUInt16() => Take<ushort>(ColumnType.UInt16);

        public int ReadInt32() => Take<int>(ColumnType.Int32);

        public uint ReadUInt32() => Take<uint>(ColumnType.UInt32);

        public long ReadInt64() => Take<long>(ColumnType.Int64);

        public ulong ReadUInt64() => Take<ulong>(ColumnType.UInt64);

        public float ReadSingle() => Take<float>(ColumnType.Single);

        public double ReadDouble() => Take<double>(ColumnType.Double);

        public decimal ReadDecimal() => Take<decimal>(ColumnType.Decimal);

        public string ReadString() => Take<string>(ColumnType.String);

        public char ReadChar() => Take<char>(ColumnType.Char);

        public Guid ReadGuid() => Take<Guid>(ColumnType.Guid);

        public DateTime ReadDateTime() => Take<DateTime>(ColumnType.DateTime);

        public DateTimeOffset ReadDateTimeOffset() => Take<DateTimeOffset>(ColumnType.DateTimeOffset);

        public DateOnly ReadDateOnly() => Take<DateOnly>(ColumnType.DateOnly);

        public TimeOnly ReadTimeOnly() => Take<TimeOnly>(ColumnType.TimeOnly);

        public TimeSpan ReadTimeSpan() => Take<TimeSpan>(ColumnType.TimeSpan);

        public byte[] ReadBytes() => Take<byte[]>(ColumnType.Binary);

        private readonly Cell Current => Position < cells.Count
            ? cells[Position]
            : throw new InvalidDataException($"The reader asked for column {Position}; the row has {cells.Count}.");

        private T Take<T>(ColumnType type)
        {
            calls.Add(type.ToString());
            var cell = Current;
            if (cell.Type != type)
            {
                throw new InvalidDataException($"Column {Position} holds {cell.Type?.ToString() ?? "null"}, not {type}.");
            }

            Position++;
            return (T)cell.Value!;
        }
    }

    private sealed class IntWriter : IRowWriter<int>
    {
        public void Write<TWriter>(in int row, ref TWriter writer)
            where TWriter : struct, IColumnWriter
            => writer.WriteInt32(row);
    }
}
