using System.Buffers;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>What reading a table's stream entries needs, resolved once per table: its columns and their field names.</summary>
internal sealed class RedisStreamLayout
{
    public RedisStreamLayout(TableShape table)
    {
        Table = table.Name;
        Columns = [.. table.Columns];
        Names = RedisKeyLayout.FieldNames(table);
    }

    public string Table { get; }

    public ColumnDescription[] Columns { get; }

    /// <summary>Each column's field name, UTF-8 encoded, in column order.</summary>
    public RedisValue[] Names { get; }
}

/// <summary>
/// The <see cref="IColumnReader"/> over one stream entry's fields: the inverse of <see cref="RedisValueWriter"/>. Each
/// column is looked up by its field name (the sink writes fields in column order, so the next field is tried first; any
/// other order is found too), an absent field is null, and each value is parsed in exactly the form the writer gives
/// it, or refused with a <see cref="RedisStreamEntryException"/> naming the entry, the field and the table.
/// </summary>
internal struct RedisStreamColumnReader : IColumnReader
{
    // The longest text any non-text type is written as: a DateTimeOffset "O" is 33 characters, a decimal at most 31.
    private const int MaxText = 64;

    private const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    private const NumberStyles Real = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    private const NumberStyles Fixed = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly RedisStreamLayout _layout;
    private readonly NameValueEntry[] _fields;
    private readonly RedisValue _id;
    private int _column;
    private int _next;
    private int _found;
    private int _current;
    private int _field;

    public RedisStreamColumnReader(RedisStreamLayout layout, RedisValue id, NameValueEntry[]? fields)
    {
        _layout = layout;
        _id = id;
        _fields = fields ?? [];
        _column = 0;
        _next = 0;
        _found = 0;
        _current = -1;
        _field = -1;
    }

    public bool ReadNull()
    {
        var column = CurrentColumn();
        var index = Find(column);
        if (index >= 0)
        {
            _current = index;
            return false;
        }

        if (!_layout.Columns[column].IsNullable)
        {
            throw Missing(column);
        }

        _column++;
        return true;
    }

    public bool ReadBoolean()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Boolean);
        return text switch
        {
            "1" => true,
            "0" => false,
            _ => throw Invalid(text, "1 or 0"),
        };
    }

    public byte ReadByte()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Byte);
        return byte.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public sbyte ReadSByte()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.SByte);
        return sbyte.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public short ReadInt16()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Int16);
        return short.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public ushort ReadUInt16()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.UInt16);
        return ushort.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public int ReadInt32()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Int32);
        return int.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public uint ReadUInt32()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.UInt32);
        return uint.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public long ReadInt64()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Int64);
        return long.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public ulong ReadUInt64()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.UInt64);
        return ulong.TryParse(text, Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    // The writer stores a float as the double of exactly its value; the nearest float to that text is the float itself.
    public float ReadSingle()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Single);
        return float.TryParse(text, Real, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public double ReadDouble()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Double);
        return double.TryParse(text, Real, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    // "G" text keeps the scale (1.10 stays 1.10); decimal.Parse gives it back.
    public decimal ReadDecimal()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Decimal);
        return decimal.TryParse(text, Fixed, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public string ReadString()
    {
        ReadOnlyMemory<byte> bytes = Take(ColumnType.String);
        try
        {
            return s_strictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException exception)
        {
            throw Invalid("text that is not valid UTF-8", exception);
        }
    }

    public char ReadChar()
    {
        ReadOnlyMemory<byte> bytes = Take(ColumnType.Char);
        Span<char> chars = stackalloc char[2];
        int count;
        try
        {
            count = bytes.Length is > 0 and <= 3 ? s_strictUtf8.GetChars(bytes.Span, chars) : 0;
        }
        catch (DecoderFallbackException exception)
        {
            throw Invalid("text that is not valid UTF-8", exception);
        }

        return count == 1 ? chars[0] : throw Invalid(Describe(bytes.Span), "exactly one UTF-16 character");
    }

    public Guid ReadGuid()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.Guid);
        return Guid.TryParseExact(text, RedisValues.GuidFormat, out var value) ? value : throw Invalid(text);
    }

    public DateTime ReadDateTime()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.DateTime);
        return DateTime.TryParseExact(text, RedisValues.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : throw Invalid(text);
    }

    public DateTimeOffset ReadDateTimeOffset()
    {
        // "O" always ends a DateTimeOffset with its offset (+hh:mm); text without one would parse as this machine's offset.
        var text = Text(stackalloc char[MaxText], ColumnType.DateTimeOffset);
        return text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':'
            && DateTimeOffset.TryParseExact(text, RedisValues.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Invalid(text);
    }

    public DateOnly ReadDateOnly()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.DateOnly);
        return DateOnly.TryParseExact(text, RedisValues.DateOnlyFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Invalid(text);
    }

    public TimeOnly ReadTimeOnly()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.TimeOnly);
        return TimeOnly.TryParseExact(text, RedisValues.TimeOnlyFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Invalid(text);
    }

    public TimeSpan ReadTimeSpan()
    {
        var text = Text(stackalloc char[MaxText], ColumnType.TimeSpan);
        return TimeSpan.TryParseExact(text, RedisValues.TimeSpanFormat, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
    }

    public byte[] ReadBytes() => (byte[])Take(ColumnType.Binary)!;

    /// <summary>Checks that every column was read and that the entry has no field left over (unknown, or twice).</summary>
    public readonly void Finish()
    {
        if (_column != _layout.Columns.Length)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The row reader read {_column} of the {_layout.Columns.Length} columns of table '{_layout.Table}'; it must read every column, in order."));
        }

        if (_found == _fields.Length)
        {
            return;
        }

        // Slow path, only for an entry that is refused: name the first field no column took.
        for (var i = 0; i < _fields.Length; i++)
        {
            var name = _fields[i].Name;
            var column = Array.IndexOf(_layout.Names, name);
            if (column < 0)
            {
                throw Entry($"has a field '{FieldName(name)}' that table '{_layout.Table}' has no column for", FieldName(name));
            }

            for (var j = 0; j < i; j++)
            {
                if (_fields[j].Name == name)
                {
                    throw Entry($"has the field '{FieldName(name)}' twice", FieldName(name));
                }
            }
        }
    }

    private readonly int CurrentColumn() =>
        _column < _layout.Columns.Length
            ? _column
            : throw new InvalidOperationException($"The row reader asked for more columns than table '{_layout.Table}' has ({_layout.Columns.Length}).");

    /// <summary>The index of the field of <paramref name="column"/>, or -1 when the entry has none.</summary>
    private int Find(int column)
    {
        var name = _layout.Names[column];
        if (_next < _fields.Length && _fields[_next].Name == name)
        {
            _found++;
            return _next++;
        }

        for (var i = 0; i < _fields.Length; i++)
        {
            if (_fields[i].Name == name)
            {
                _found++;
                _next = i + 1;
                return i;
            }
        }

        return -1;
    }

    /// <summary>The current column's value, which must be present; moves to the next column.</summary>
    private RedisValue Take(ColumnType type)
    {
        var column = CurrentColumn();
        var index = _current >= 0 ? _current : Find(column);
        _current = -1;
        if (index < 0)
        {
            throw Missing(column);
        }

        if (_layout.Columns[column].Type != type)
        {
            throw new InvalidOperationException(
                $"The row reader read column '{_layout.Columns[column].Name}' of table '{_layout.Table}' as {type}, but the column is {_layout.Columns[column].Type}.");
        }

        _field = index;
        _column++;
        return _fields[index].Value;
    }

    /// <summary>The current column's value as ASCII text in <paramref name="buffer"/> (every non-text type is written as ASCII).</summary>
    private ReadOnlySpan<char> Text(Span<char> buffer, ColumnType type)
    {
        var value = Take(type);
        var length = value.GetByteCount();
        if (length > buffer.Length)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{length} bytes"));
        }

        Span<byte> bytes = stackalloc byte[MaxText];
        bytes = bytes[..value.CopyTo(bytes)];
        if (Ascii.ToUtf16(bytes, buffer, out var written) != OperationStatus.Done)
        {
            throw Invalid(Describe(bytes));
        }

        return buffer[..written];
    }

    private readonly RedisStreamEntryException Missing(int column)
    {
        var c = _layout.Columns[column];
        return Entry($"has no field '{c.Name}', and its column ({c.MemberName}, {c.Type}) cannot be null", c.Name);
    }

    private readonly RedisStreamEntryException Invalid(ReadOnlySpan<char> text, string? expected = null) =>
        Invalid(Quote(text), expected);

    private readonly RedisStreamEntryException Invalid(string found, string? expected = null, Exception? inner = null)
    {
        var c = _layout.Columns[_column - 1];
        expected ??= c.Type switch
        {
            ColumnType.Guid => "a Guid in the \"D\" format",
            ColumnType.DateTime or ColumnType.DateTimeOffset => $"a {c.Type} in the round-trip \"O\" format",
            ColumnType.DateOnly => "a DateOnly as yyyy-MM-dd",
            ColumnType.TimeOnly => "a TimeOnly as HH:mm:ss.fffffff",
            ColumnType.TimeSpan => "a TimeSpan in the constant \"c\" format",
            _ => $"a{(c.Type is ColumnType.Int16 or ColumnType.Int32 or ColumnType.Int64 or ColumnType.UInt16 or ColumnType.UInt32 or ColumnType.UInt64 ? "n" : "")} {c.Type} in invariant text",
        };
        return Entry($"holds {found} in field '{c.Name}', which is not {expected} (column {c.MemberName}, {c.Type})", c.Name, inner);
    }

    private readonly RedisStreamEntryException Invalid(string found, Exception inner) => Invalid(found, null, inner);

    private readonly RedisStreamEntryException Entry(string what, string? field, Exception? inner = null)
    {
        var id = _id.IsNull ? "(no id)" : (string)_id!;
        return new RedisStreamEntryException($"Stream entry {id} {what}: it is not a row of table '{_layout.Table}' as the stream sink writes it.", id, _layout.Table, field, inner);
    }

    private static string FieldName(RedisValue name) => name.ToString();

    /// <summary>The bytes as text when they are short valid UTF-8, else their length.</summary>
    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= 200)
        {
            try
            {
                return Quote(s_strictUtf8.GetString(bytes));
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} bytes that are not short UTF-8 text");
    }

    private static string Quote(ReadOnlySpan<char> text) => $"'{text}'";
}
