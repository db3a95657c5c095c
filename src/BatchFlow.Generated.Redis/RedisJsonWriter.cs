using System.Globalization;
using System.Text.Json;

namespace BatchFlow.Redis;

/// <summary>
/// The Redis provider's <see cref="IColumnWriter"/> for JSON values: each call writes the next column as one property of
/// the row's JSON object (property name = column name) through <see cref="Utf8JsonWriter"/>, in the form
/// System.Text.Json reads back by default: integers, floating point and decimals as numbers, bool as true/false, null
/// as null, byte arrays as base64, Guid, DateTime, DateTimeOffset (ISO 8601, Kind and offset kept), DateOnly
/// (yyyy-MM-dd), TimeOnly (HH:mm:ss.fffffff) and TimeSpan ("c") as strings, char as a one-character string. NaN and the
/// infinities have no JSON form: they fail the row. A key column's value is also appended to the row's key.
/// </summary>
internal struct RedisJsonWriter : IColumnWriter
{
    private readonly Utf8JsonWriter _json;
    private readonly JsonEncodedText[] _names;
    private readonly IReadOnlyList<ColumnDescription> _columns;
    private readonly bool[] _isKey;
    private readonly RedisKeyBuilder _key;
    private int _ordinal;

    public RedisJsonWriter(Utf8JsonWriter json, JsonEncodedText[] names, IReadOnlyList<ColumnDescription> columns, bool[] isKey, RedisKeyBuilder key)
    {
        _json = json;
        _names = names;
        _columns = columns;
        _isKey = isKey;
        _key = key;
        _ordinal = 0;
    }

    /// <summary>Columns written so far in the current row.</summary>
    public readonly int Written => _ordinal;

    /// <summary>Starts the next row's object (and its key).</summary>
    public void StartRow()
    {
        _ordinal = 0;
        _key.Start();
        _json.WriteStartObject();
    }

    /// <summary>Ends the row's object.</summary>
    public readonly void EndRow()
    {
        _json.WriteEndObject();
        _json.Flush();
    }

    private readonly bool IsKey => _isKey[_ordinal];

    public void WriteNull()
    {
        if (IsKey)
        {
            throw RedisValues.NullKey(_columns[_ordinal]);
        }

        _json.WriteNull(_names[_ordinal++]);
    }

    public void WriteBoolean(bool value)
    {
        if (IsKey)
        {
            _key.Part(value ? "1" : "0");
        }

        _json.WriteBoolean(_names[_ordinal++], value);
    }

    public void WriteByte(byte value) => Integer(value);

    public void WriteSByte(sbyte value) => Integer(value);

    public void WriteInt16(short value) => Integer(value);

    public void WriteUInt16(ushort value) => Integer(value);

    public void WriteInt32(int value) => Integer(value);

    public void WriteUInt32(uint value) => Integer(value);

    public void WriteInt64(long value) => Integer(value);

    public void WriteUInt64(ulong value)
    {
        if (IsKey)
        {
            _key.Part(value, default);
        }

        _json.WriteNumber(_names[_ordinal++], value);
    }

    public void WriteSingle(float value)
    {
        if (!float.IsFinite(value))
        {
            throw RedisValues.NotFinite(_columns[_ordinal], value);
        }

        if (IsKey)
        {
            _key.Part(value, "R");
        }

        _json.WriteNumber(_names[_ordinal++], value);
    }

    public void WriteDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw RedisValues.NotFinite(_columns[_ordinal], value);
        }

        if (IsKey)
        {
            _key.Part(value, "R");
        }

        _json.WriteNumber(_names[_ordinal++], value);
    }

    public void WriteDecimal(decimal value)
    {
        if (IsKey)
        {
            _key.Part(value, default);
        }

        _json.WriteNumber(_names[_ordinal++], value);
    }

    public void WriteString(string value)
    {
        RedisValues.CheckText(_columns[_ordinal], value);
        if (IsKey)
        {
            _key.Part(value);
        }

        _json.WriteString(_names[_ordinal++], value);
    }

    public void WriteChar(char value)
    {
        ReadOnlySpan<char> text = [value];
        RedisValues.CheckText(_columns[_ordinal], text);
        if (IsKey)
        {
            _key.Part(text);
        }

        _json.WriteString(_names[_ordinal++], text);
    }

    public void WriteGuid(Guid value)
    {
        if (IsKey)
        {
            _key.Part(value, RedisValues.GuidFormat);
        }

        _json.WriteString(_names[_ordinal++], value);
    }

    public void WriteDateTime(DateTime value)
    {
        if (IsKey)
        {
            _key.Part(value, RedisValues.DateTimeFormat);
        }

        _json.WriteString(_names[_ordinal++], value);
    }

    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        if (IsKey)
        {
            _key.Part(value, RedisValues.DateTimeFormat);
        }

        _json.WriteString(_names[_ordinal++], value);
    }

    public void WriteDateOnly(DateOnly value) => Formatted(value, RedisValues.DateOnlyFormat);

    public void WriteTimeOnly(TimeOnly value) => Formatted(value, RedisValues.TimeOnlyFormat);

    public void WriteTimeSpan(TimeSpan value) => Formatted(value, RedisValues.TimeSpanFormat);

    public void WriteBytes(byte[] value)
    {
        if (IsKey)
        {
            _key.Part(value);
        }

        _json.WriteBase64String(_names[_ordinal++], value);
    }

    private void Integer(long value)
    {
        if (IsKey)
        {
            _key.Part(value, default);
        }

        _json.WriteNumber(_names[_ordinal++], value);
    }

    private void Formatted<TValue>(TValue value, string format)
        where TValue : ISpanFormattable
    {
        // Every one of these forms fits in 32 characters ("-10675199.02:48:05.4775808" is the longest).
        Span<char> text = stackalloc char[32];
        var done = value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture);
        System.Diagnostics.Debug.Assert(done, "The format fits in 32 characters.");
        if (IsKey)
        {
            _key.Part(text[..written]);
        }

        _json.WriteString(_names[_ordinal++], text[..written]);
    }
}
