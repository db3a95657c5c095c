using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>
/// The Redis provider's <see cref="IColumnWriter"/> for hashes and stream entries: each call sets the
/// <see cref="RedisValue"/> of the next column, typed and without boxing (integers inline as <see cref="long"/> or
/// <see cref="ulong"/>, finite doubles inline, text as the string StackExchange.Redis encodes as UTF-8, binary as its
/// bytes), or <see cref="RedisValue.Null"/> for null (the field is then left out). A key column's value is also
/// appended to the row's key. Text forms are invariant and exact: bool 1/0, decimal "G" with its scale, Guid "D",
/// DateTime and DateTimeOffset "O" (Kind and offset kept), DateOnly yyyy-MM-dd, TimeOnly HH:mm:ss.fffffff, TimeSpan "c".
/// </summary>
internal struct RedisValueWriter : IColumnWriter
{
    private readonly RedisValue[] _values;
    private readonly IReadOnlyList<ColumnDescription> _columns;
    private readonly bool[] _isKey;
    private readonly RedisKeyBuilder? _key;
    private int _ordinal;
    private int _nulls;

    /// <param name="values">One slot per column, overwritten by each row.</param>
    /// <param name="columns">The table's columns.</param>
    /// <param name="isKey">Which columns are key members.</param>
    /// <param name="key">Where key members go; null when rows have no key (streams).</param>
    public RedisValueWriter(RedisValue[] values, IReadOnlyList<ColumnDescription> columns, bool[] isKey, RedisKeyBuilder? key)
    {
        _values = values;
        _columns = columns;
        _isKey = isKey;
        _key = key;
        _ordinal = 0;
        _nulls = 0;
    }

    /// <summary>Columns written so far in the current row.</summary>
    public readonly int Written => _ordinal;

    /// <summary>Null columns in the current row.</summary>
    public readonly int Nulls => _nulls;

    /// <summary>Starts the next row (and its key).</summary>
    public void StartRow()
    {
        _ordinal = 0;
        _nulls = 0;
        _key?.Start();
    }

    private readonly bool IsKey => _key is not null && _isKey[_ordinal];

    public void WriteNull()
    {
        if (IsKey)
        {
            throw RedisValues.NullKey(_columns[_ordinal]);
        }

        _nulls++;
        Set(RedisValue.Null);
    }

    public void WriteBoolean(bool value)
    {
        if (IsKey)
        {
            _key!.Part(value ? "1" : "0");
        }

        Set(value ? 1L : 0L);
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
            _key!.Part(value, default);
        }

        Set(value);
    }

    // A float widens to the double of exactly its value; the double's round-trip text parses back to the same float.
    public void WriteSingle(float value) => WriteDouble(value);

    public void WriteDouble(double value)
    {
        if (IsKey)
        {
            _key!.Part(value, "R");
        }

        // StackExchange.Redis writes finite doubles round-trippably from the inline value, but -0 as "0"; NaN, the
        // infinities and -0 get .NET's own text ("NaN", "Infinity", "-Infinity", "-0"), so double.Parse reads every value
        // back bit for bit.
        var negativeZero = value == 0 && double.IsNegative(value);
        Set(double.IsFinite(value) && !negativeZero ? value : RedisValues.Format(value));
    }

    public void WriteDecimal(decimal value) => Text(value.ToString(CultureInfo.InvariantCulture));

    public void WriteString(string value)
    {
        RedisValues.CheckText(_columns[_ordinal], value);
        Text(value);
    }

    public void WriteChar(char value)
    {
        RedisValues.CheckText(_columns[_ordinal], [value]);
        Text(value.ToString());
    }

    public void WriteGuid(Guid value) => Text(value.ToString(RedisValues.GuidFormat, CultureInfo.InvariantCulture));

    public void WriteDateTime(DateTime value) => Text(value.ToString(RedisValues.DateTimeFormat, CultureInfo.InvariantCulture));

    public void WriteDateTimeOffset(DateTimeOffset value) => Text(value.ToString(RedisValues.DateTimeFormat, CultureInfo.InvariantCulture));

    public void WriteDateOnly(DateOnly value) => Text(value.ToString(RedisValues.DateOnlyFormat, CultureInfo.InvariantCulture));

    public void WriteTimeOnly(TimeOnly value) => Text(value.ToString(RedisValues.TimeOnlyFormat, CultureInfo.InvariantCulture));

    public void WriteTimeSpan(TimeSpan value) => Text(value.ToString(RedisValues.TimeSpanFormat, CultureInfo.InvariantCulture));

    public void WriteBytes(byte[] value)
    {
        if (IsKey)
        {
            _key!.Part(value);
        }

        Set(value);
    }

    private void Integer(long value)
    {
        if (IsKey)
        {
            _key!.Part(value, default);
        }

        Set(value);
    }

    private void Text(string value)
    {
        if (IsKey)
        {
            _key!.Part(value);
        }

        Set(value);
    }

    private void Set(RedisValue value) => _values[_ordinal++] = value;
}
