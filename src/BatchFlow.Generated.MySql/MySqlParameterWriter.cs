using System.Diagnostics;
using BatchFlow.Sinks;
using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>
/// The MySQL provider's <see cref="IColumnWriter"/> for the INSERT path (a batch of one row, whose failure must be the
/// server's own error, and every batch when LOAD DATA LOCAL is not available): each call sets the value of the next
/// parameter of a prepared multi-row <c>INSERT</c>. Values are the CLR types MySqlConnector sends in the binary
/// protocol, already in the form the table plan chose (a GUID as its text or its RFC 4122 bytes, times cut to
/// microseconds after the same checks as <see cref="MySqlLoadWriter"/>), so both paths store the same values. Setting
/// <see cref="MySqlParameter.Value"/> boxes value types: this path is not the bulk path.
/// </summary>
internal struct MySqlParameterWriter : IColumnWriter
{
    private readonly MySqlParameterCollection _parameters;
    private readonly MySqlColumnFormat[] _formats;
    private readonly IReadOnlyList<ColumnDescription> _columns;
    private int _parameter;
    private int _ordinal;

    public MySqlParameterWriter(MySqlParameterCollection parameters, MySqlColumnFormat[] formats, IReadOnlyList<ColumnDescription> columns)
    {
        _parameters = parameters;
        _formats = formats;
        _columns = columns;
        _parameter = 0;
        _ordinal = 0;
    }

    /// <summary>Columns written so far in the current row.</summary>
    public readonly int Written => _ordinal;

    /// <summary>Starts the next row: its values go into the next parameters.</summary>
    public void StartRow()
    {
        Debug.Assert(_ordinal == 0 || _ordinal == _columns.Count, "The previous row wrote every column.");
        _ordinal = 0;
    }

    public void WriteNull() => Set(DBNull.Value);

    public void WriteBoolean(bool value) => Set(value);

    public void WriteByte(byte value) => Set(value);

    public void WriteSByte(sbyte value) => Set(value);

    public void WriteInt16(short value) => Set(value);

    public void WriteUInt16(ushort value) => Set(value);

    public void WriteInt32(int value) => Set(value);

    public void WriteUInt32(uint value) => Set(value);

    public void WriteInt64(long value) => Set(value);

    public void WriteUInt64(ulong value) => Set(value);

    public void WriteSingle(float value)
    {
        if (!float.IsFinite(value))
        {
            MySqlValues.ThrowNotFinite(_columns[_ordinal], value);
        }

        Set(value);
    }

    public void WriteDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            MySqlValues.ThrowNotFinite(_columns[_ordinal], value);
        }

        Set(value);
    }

    public void WriteDecimal(decimal value) => Set(value);

    public void WriteString(string value)
    {
        if (Utf16Text.IndexOfUnpairedSurrogate(value) is var lone and >= 0)
        {
            MySqlValues.ThrowLoneSurrogate(_columns[_ordinal], value[lone], lone);
        }

        Set(value);
    }

    public void WriteChar(char value)
    {
        if (char.IsSurrogate(value))
        {
            MySqlValues.ThrowLoneSurrogate(_columns[_ordinal], value, 0);
        }

        Set(value.ToString());
    }

    public void WriteGuid(Guid value) =>
        Set(_formats[_ordinal].Format == MySqlValueFormat.GuidBinary ? value.ToByteArray(bigEndian: true) : value.ToString("D"));

    public void WriteDateTime(DateTime value)
    {
        MySqlValues.CheckFraction(value.Ticks, _formats[_ordinal].FractionDigits, _columns[_ordinal]);
        Set(new DateTime(value.Ticks - (value.Ticks % 10), DateTimeKind.Unspecified));
    }

    public void WriteDateTimeOffset(DateTimeOffset value) => WriteDateTime(value.UtcDateTime);

    public void WriteDateOnly(DateOnly value) => Set(value);

    public void WriteTimeOnly(TimeOnly value)
    {
        MySqlValues.CheckFraction(value.Ticks, _formats[_ordinal].FractionDigits, _columns[_ordinal]);
        Set(new TimeSpan(value.Ticks - (value.Ticks % 10)));
    }

    public void WriteTimeSpan(TimeSpan value)
    {
        if (_formats[_ordinal].Format == MySqlValueFormat.TimeSpanTicks)
        {
            Set(value.Ticks);
            return;
        }

        // As text, like the LOAD DATA path: the server clamps a binary TIME beyond ±838:59:59 to the limit without even a
        // warning (MariaDB 10.11), but refuses such text in strict mode (1292).
        MySqlValues.CheckFraction(value.Ticks, _formats[_ordinal].FractionDigits, _columns[_ordinal]);
        Set(MySqlValues.FormatTime(value));
    }

    public void WriteBytes(byte[] value) => Set(value);

    private void Set(object value)
    {
        _parameters[_parameter++].Value = value;
        _ordinal++;
    }
}
