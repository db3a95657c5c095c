using System.Buffers;

namespace BatchFlow.Tests;

/// <summary>The dead-letter format keeps every value's exact bits and refuses files it cannot read faithfully.</summary>
public sealed class DeadLetterFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "batchflow-deadletter-format-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Every_column_type_round_trips_bit_for_bit()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new DeadLetterColumnWriter(output);
        writer.WriteNull();
        writer.WriteBoolean(true);
        writer.WriteByte(255);
        writer.WriteSByte(-128);
        writer.WriteInt16(short.MinValue);
        writer.WriteUInt16(ushort.MaxValue);
        writer.WriteInt32(int.MinValue);
        writer.WriteUInt32(uint.MaxValue);
        writer.WriteInt64(long.MinValue);
        writer.WriteUInt64(ulong.MaxValue);
        writer.WriteSingle(-0.0f);
        writer.WriteDouble(double.NaN);
        writer.WriteDecimal(-79228162514264337593543950335m);
        writer.WriteDecimal(1.2300m);
        writer.WriteString("a\uD800b");
        writer.WriteString("");
        writer.WriteChar('\uDC00');
        var guid = Guid.NewGuid();
        writer.WriteGuid(guid);
        var local = new DateTime(2026, 12, 2, 5, 15, 0, DateTimeKind.Local).AddTicks(7);
        writer.WriteDateTime(local);
        writer.WriteDateTime(DateTime.MaxValue);
        var offset = new DateTimeOffset(2026, 12, 2, 5, 15, 0, TimeSpan.FromMinutes(-150)).AddTicks(3);
        writer.WriteDateTimeOffset(offset);
        writer.WriteDateOnly(DateOnly.MaxValue);
        writer.WriteTimeOnly(TimeOnly.MaxValue);
        writer.WriteTimeSpan(TimeSpan.MinValue);
        writer.WriteBytes([0, 1, 255]);

        var reader = new DeadLetterColumnReader(output.WrittenMemory);
        Assert.True(reader.ReadNull());
        Assert.False(reader.ReadNull());
        Assert.True(reader.ReadBoolean());
        Assert.Equal(255, reader.ReadByte());
        Assert.Equal(-128, reader.ReadSByte());
        Assert.Equal(short.MinValue, reader.ReadInt16());
        Assert.Equal(ushort.MaxValue, reader.ReadUInt16());
        Assert.Equal(int.MinValue, reader.ReadInt32());
        Assert.Equal(uint.MaxValue, reader.ReadUInt32());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        Assert.Equal(BitConverter.SingleToInt32Bits(-0.0f), BitConverter.SingleToInt32Bits(reader.ReadSingle()));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.NaN), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
        Assert.Equal(-79228162514264337593543950335m, reader.ReadDecimal());
        Assert.Equal("1.2300", reader.ReadDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("a\uD800b", reader.ReadString());
        Assert.Equal("", reader.ReadString());
        Assert.Equal('\uDC00', reader.ReadChar());
        Assert.Equal(guid, reader.ReadGuid());
        var readLocal = reader.ReadDateTime();
        Assert.Equal((local.Ticks, DateTimeKind.Local), (readLocal.Ticks, readLocal.Kind));
        Assert.Equal(DateTime.MaxValue, reader.ReadDateTime());
        var readOffset = reader.ReadDateTimeOffset();
        Assert.Equal((offset.Ticks, offset.Offset), (readOffset.Ticks, readOffset.Offset));
        Assert.Equal(DateOnly.MaxValue, reader.ReadDateOnly());
        Assert.Equal(TimeOnly.MaxValue, reader.ReadTimeOnly());
        Assert.Equal(TimeSpan.MinValue, reader.ReadTimeSpan());
        Assert.Equal([0, 1, 255], reader.ReadBytes());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void A_value_of_another_type_or_a_null_where_none_may_be_is_refused()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new DeadLetterColumnWriter(output);
        writer.WriteInt32(1);
        writer.WriteNull();

        var reader = new DeadLetterColumnReader(output.WrittenMemory);
        var wrongType = Assert.Throws<InvalidDataException>(() => ReadInt64(output.WrittenMemory));
        Assert.Contains("Int32 where a Int64", wrongType.Message, StringComparison.Ordinal);
        Assert.Equal(1, reader.ReadInt32());
        var position = reader.Position;
        var nullValue = Assert.Throws<InvalidDataException>(() => ReadString(output.WrittenMemory[position..]));
        Assert.Contains("null", nullValue.Message, StringComparison.Ordinal);

        static long ReadInt64(ReadOnlyMemory<byte> payload) => new DeadLetterColumnReader(payload).ReadInt64();
        static string ReadString(ReadOnlyMemory<byte> payload) => new DeadLetterColumnReader(payload).ReadString();
    }

    [Fact]
    public void A_file_cut_short_is_refused_and_a_file_of_another_layout_is_not_replayed_into_this_table()
    {
        var table = Support.Items.Table();
        var writer = new DeadLetterWriter<Support.Item>(_directory, table, TimeProvider.System);
        writer.Append(new Support.Item[] { new(1, "one"), new(2, "two") });
        writer.Append(new Support.Item[] { new(3, "three") });
        Assert.Equal([1L, 2, 3], BatchFlowDeadLetters.ReadFile(writer.Path, table).Select(i => i.Id));

        var bytes = File.ReadAllBytes(writer.Path);
        File.WriteAllBytes(writer.Path, bytes[..^3]);
        var cut = Assert.Throws<InvalidDataException>(() => BatchFlowDeadLetters.ReadFile(writer.Path, table));
        Assert.Contains("cut short", cut.Message, StringComparison.Ordinal);

        var renamed = new TableDescription<Support.Item>(
            table.Name,
            Conflict.None,
            [
                new ColumnDescription("id", "Id", ColumnType.Int64, isNullable: false, isKey: true),
                new ColumnDescription("title", "Name", ColumnType.String, isNullable: false, isKey: false),
            ],
            null,
            Support.Items.Writer.Instance,
            Support.Items.Reader.Instance);
        Assert.Empty(BatchFlowDeadLetters.FindFiles(_directory, renamed));
        var layout = Assert.Throws<InvalidDataException>(() => BatchFlowDeadLetters.ReadFile(writer.Path, renamed));
        Assert.Contains("another column layout", layout.Message, StringComparison.Ordinal);
    }
}
