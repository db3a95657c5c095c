using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql;

/// <summary>
/// The PostgreSQL provider's <see cref="IColumnWriter"/>: each call is one typed
/// <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlDbType)"/> (or <see cref="NpgsqlBinaryImporter.WriteNull"/>) of
/// the current row, with the <see cref="NpgsqlDbType"/> the table plan chose for that column from the table's real
/// types. Values are passed as the CLR type Npgsql writes for that type, widened where PostgreSQL lacks the .NET type
/// (<see cref="byte"/> and <see cref="sbyte"/> as <c>smallint</c>, <see cref="ushort"/> as <c>integer</c>,
/// <see cref="uint"/> as <c>bigint</c>, <see cref="ulong"/> as <c>numeric</c>), never narrowed. The type mapping
/// lives here and in <see cref="PostgresTypes"/> only.
/// </summary>
internal struct PostgresColumnWriter : IColumnWriter
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly PostgresColumnTypes _types;
    private int _ordinal;

    public PostgresColumnWriter(NpgsqlBinaryImporter importer, PostgresColumnTypes types)
    {
        _importer = importer;
        _types = types;
        _ordinal = 0;
    }

    /// <summary>Columns written so far in the current row.</summary>
    public readonly int Written => _ordinal;

    /// <summary>Starts the next row of the COPY.</summary>
    public void StartRow()
    {
        Debug.Assert(_ordinal == 0 || _ordinal == _types.Count, "The previous row wrote every column.");
        _importer.StartRow();
        _ordinal = 0;
    }

    public void WriteNull()
    {
        _importer.WriteNull();
        _ordinal++;
    }

    public void WriteBoolean(bool value) => Write(value);

    public void WriteByte(byte value) => Write((short)value);

    public void WriteSByte(sbyte value) => Write((short)value);

    public void WriteInt16(short value) => Write(value);

    public void WriteUInt16(ushort value) => Write((int)value);

    public void WriteInt32(int value) => Write(value);

    public void WriteUInt32(uint value) => Write((long)value);

    public void WriteInt64(long value) => Write(value);

    public void WriteUInt64(ulong value) => Write((decimal)value);

    public void WriteSingle(float value) => Write(value);

    public void WriteDouble(double value) => Write(value);

    public void WriteDecimal(decimal value) => Write(value);

    public void WriteString(string value) => Write(value);

    public void WriteChar(char value) => Write(value);

    public void WriteGuid(Guid value) => Write(value);

    public void WriteDateTime(DateTime value) => Write(value);

    // Npgsql writes a timestamptz only from offset 0; the instant is kept.
    public void WriteDateTimeOffset(DateTimeOffset value) => Write(value.ToUniversalTime());

    public void WriteDateOnly(DateOnly value) => Write(value);

    public void WriteTimeOnly(TimeOnly value) => Write(value);

    public void WriteTimeSpan(TimeSpan value) => Write(value);

    public void WriteBytes(byte[] value) => Write(value);

    private void Write<TValue>(TValue value)
    {
        _importer.Write(value, _types[_ordinal]);
        _ordinal++;
    }
}
