using System.Buffers;
using System.Buffers.Binary;

namespace BatchFlow;

/// <summary>Writes one row's values into a dead-letter payload (<see cref="DeadLetterFormat"/>), each tagged with its type.</summary>
internal readonly struct DeadLetterColumnWriter : IColumnWriter
{
    private readonly ArrayBufferWriter<byte> _output;

    public DeadLetterColumnWriter(ArrayBufferWriter<byte> output) => _output = output;

    public void WriteNull() => DeadLetterFormat.WriteByte(_output, DeadLetterFormat.NullTag);

    public void WriteBoolean(bool value) => Fixed(ColumnType.Boolean, 1).Span[0] = value ? (byte)1 : (byte)0;

    public void WriteByte(byte value) => Fixed(ColumnType.Byte, 1).Span[0] = value;

    public void WriteSByte(sbyte value) => Fixed(ColumnType.SByte, 1).Span[0] = unchecked((byte)value);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Fixed(ColumnType.Int16, 2).Span, value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Fixed(ColumnType.UInt16, 2).Span, value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Fixed(ColumnType.Int32, 4).Span, value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Fixed(ColumnType.UInt32, 4).Span, value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Fixed(ColumnType.Int64, 8).Span, value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Fixed(ColumnType.UInt64, 8).Span, value);

    public void WriteSingle(float value) => BinaryPrimitives.WriteInt32LittleEndian(Fixed(ColumnType.Single, 4).Span, BitConverter.SingleToInt32Bits(value));

    public void WriteDouble(double value) => BinaryPrimitives.WriteInt64LittleEndian(Fixed(ColumnType.Double, 8).Span, BitConverter.DoubleToInt64Bits(value));

    public void WriteDecimal(decimal value)
    {
        var span = Fixed(ColumnType.Decimal, 16).Span;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], bits[i]);
        }
    }

    public void WriteString(string value)
    {
        DeadLetterFormat.WriteByte(_output, DeadLetterFormat.Tag(ColumnType.String));
        DeadLetterFormat.WriteText(_output, value);
    }

    public void WriteChar(char value) => BinaryPrimitives.WriteUInt16LittleEndian(Fixed(ColumnType.Char, 2).Span, value);

    public void WriteGuid(Guid value) => value.TryWriteBytes(Fixed(ColumnType.Guid, 16).Span);

    public void WriteDateTime(DateTime value)
    {
        var span = Fixed(ColumnType.DateTime, 9).Span;
        BinaryPrimitives.WriteInt64LittleEndian(span, value.Ticks);
        span[8] = (byte)value.Kind;
    }

    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        var span = Fixed(ColumnType.DateTimeOffset, 16).Span;
        BinaryPrimitives.WriteInt64LittleEndian(span, value.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], value.Offset.Ticks);
    }

    public void WriteDateOnly(DateOnly value) => BinaryPrimitives.WriteInt32LittleEndian(Fixed(ColumnType.DateOnly, 4).Span, value.DayNumber);

    public void WriteTimeOnly(TimeOnly value) => BinaryPrimitives.WriteInt64LittleEndian(Fixed(ColumnType.TimeOnly, 8).Span, value.Ticks);

    public void WriteTimeSpan(TimeSpan value) => BinaryPrimitives.WriteInt64LittleEndian(Fixed(ColumnType.TimeSpan, 8).Span, value.Ticks);

    public void WriteBytes(byte[] value)
    {
        DeadLetterFormat.WriteByte(_output, DeadLetterFormat.Tag(ColumnType.Binary));
        DeadLetterFormat.WriteInt32(_output, value.Length);
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }

    /// <summary>Writes the tag of <paramref name="type"/> and reserves <paramref name="size"/> bytes for its value.</summary>
    private Memory<byte> Fixed(ColumnType type, int size)
    {
        var memory = _output.GetMemory(size + 1);
        memory.Span[0] = DeadLetterFormat.Tag(type);
        _output.Advance(size + 1);
        return memory.Slice(1, size);
    }
}
