namespace BatchFlow.MySql;

/// <summary>
/// An <see cref="IColumnWriter"/> that only adds up an upper bound of a row's size in a prepared statement's execute
/// packet (9 bytes of type and length per value, plus the text or bytes), so the INSERT path can keep each statement
/// under the server's <c>max_allowed_packet</c>. Allocates nothing.
/// </summary>
internal struct MySqlRowSizer : IColumnWriter
{
    private const int PerValue = 9;

    /// <summary>The bytes counted so far.</summary>
    public long Bytes { readonly get; private set; }

    public void WriteNull() => Bytes += PerValue;

    public void WriteBoolean(bool value) => Bytes += PerValue;

    public void WriteByte(byte value) => Bytes += PerValue;

    public void WriteSByte(sbyte value) => Bytes += PerValue;

    public void WriteInt16(short value) => Bytes += PerValue;

    public void WriteUInt16(ushort value) => Bytes += PerValue;

    public void WriteInt32(int value) => Bytes += PerValue;

    public void WriteUInt32(uint value) => Bytes += PerValue;

    public void WriteInt64(long value) => Bytes += PerValue;

    public void WriteUInt64(ulong value) => Bytes += PerValue;

    public void WriteSingle(float value) => Bytes += PerValue;

    public void WriteDouble(double value) => Bytes += PerValue;

    public void WriteDecimal(decimal value) => Bytes += PerValue + 32;

    // Three UTF-8 bytes per UTF-16 unit at most (a surrogate pair, two units, is four bytes).
    public void WriteString(string value) => Bytes += PerValue + (3L * value.Length);

    public void WriteChar(char value) => Bytes += PerValue + 3;

    public void WriteGuid(Guid value) => Bytes += PerValue + 36;

    public void WriteDateTime(DateTime value) => Bytes += PerValue + 12;

    public void WriteDateTimeOffset(DateTimeOffset value) => Bytes += PerValue + 12;

    public void WriteDateOnly(DateOnly value) => Bytes += PerValue + 12;

    public void WriteTimeOnly(TimeOnly value) => Bytes += PerValue + 13;

    public void WriteTimeSpan(TimeSpan value) => Bytes += PerValue + 13;

    public void WriteBytes(byte[] value) => Bytes += PerValue + value.Length;
}
