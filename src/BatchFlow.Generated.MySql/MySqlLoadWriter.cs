using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using BatchFlow.Sinks;

namespace BatchFlow.MySql;

/// <summary>
/// The MySQL provider's <see cref="IColumnWriter"/> for the LOAD DATA path: each call appends one field of the current
/// row to the batch's <see cref="LoadBuffer"/> as the text <c>LOAD DATA … FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
/// LINES TERMINATED BY '\n'</c> reads, in UTF-8, formatted straight into the pooled bytes: nothing is boxed or
/// allocated per row. NULL is <c>\N</c>; a backslash, tab, newline, carriage return or NUL inside text is escaped.
/// Binary values (and <c>BINARY(16)</c> GUIDs) are written as hex for the statement's <c>UNHEX(@v)</c>. The type
/// mapping is <see cref="MySqlTypes"/>'; a value the server would store changed throws here, so its row fails alone.
/// </summary>
internal struct MySqlLoadWriter : IColumnWriter
{
    private const byte Tab = (byte)'\t';
    private const byte NewLine = (byte)'\n';
    private const byte Backslash = (byte)'\\';

    // The bytes LOAD DATA would read as something else inside a field.
    private static readonly SearchValues<byte> s_escaped = SearchValues.Create([Backslash, Tab, NewLine, (byte)'\r', 0]);
    private static readonly byte[] s_hex = "0123456789abcdef"u8.ToArray();

    private readonly LoadBuffer _buffer;
    private readonly MySqlColumnFormat[] _formats;
    private readonly IReadOnlyList<ColumnDescription> _columns;
    private int _ordinal;

    public MySqlLoadWriter(LoadBuffer buffer, MySqlColumnFormat[] formats, IReadOnlyList<ColumnDescription> columns)
    {
        Debug.Assert(formats.Length == columns.Count, "One format per column.");
        _buffer = buffer;
        _formats = formats;
        _columns = columns;
        _ordinal = 0;
    }

    /// <summary>Columns written so far in the current row.</summary>
    public readonly int Written => _ordinal;

    /// <summary>Starts the next row.</summary>
    public void StartRow() => _ordinal = 0;

    /// <summary>Ends the current row with a newline.</summary>
    public readonly void EndRow() => _buffer.Write(NewLine);

    public void WriteNull()
    {
        Separator();
        var span = _buffer.GetSpan(2);
        span[0] = Backslash;
        span[1] = (byte)'N';
        _buffer.Advance(2);
        _ordinal++;
    }

    public void WriteBoolean(bool value)
    {
        Separator();
        _buffer.Write(value ? (byte)'1' : (byte)'0');
        _ordinal++;
    }

    public void WriteByte(byte value) => Format(value);

    public void WriteSByte(sbyte value) => Format(value);

    public void WriteInt16(short value) => Format(value);

    public void WriteUInt16(ushort value) => Format(value);

    public void WriteInt32(int value) => Format(value);

    public void WriteUInt32(uint value) => Format(value);

    public void WriteInt64(long value) => Format(value);

    public void WriteUInt64(ulong value) => Format(value);

    // As the double of the same value: its shortest text reads back as exactly that double, which the server then narrows
    // to exactly the float (float.MaxValue's own shortest text, 3.4028235E+38, is above FLT_MAX and out of range).
    public void WriteSingle(float value) => WriteDouble(value);

    public void WriteDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            MySqlValues.ThrowNotFinite(_columns[_ordinal], value);
        }

        Format(value, "R");
    }

    public void WriteDecimal(decimal value) => Format(value);

    public void WriteString(string value) => WriteText(value.AsSpan());

    public void WriteChar(char value) => WriteText(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    public void WriteGuid(Guid value)
    {
        if (_formats[_ordinal].Format == MySqlValueFormat.GuidBinary)
        {
            Format(value, "N");
        }
        else
        {
            Format(value, "D");
        }
    }

    public void WriteDateTime(DateTime value)
    {
        MySqlValues.CheckFraction(value.Ticks, _formats[_ordinal].FractionDigits, _columns[_ordinal]);
        Format(value, "yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'ffffff");
    }

    public void WriteDateTimeOffset(DateTimeOffset value) => WriteDateTime(value.UtcDateTime);

    public void WriteDateOnly(DateOnly value) => Format(value, "yyyy'-'MM'-'dd");

    public void WriteTimeOnly(TimeOnly value)
    {
        MySqlValues.CheckFraction(value.Ticks, _formats[_ordinal].FractionDigits, _columns[_ordinal]);
        Format(value, "HH':'mm':'ss'.'ffffff");
    }

    public void WriteTimeSpan(TimeSpan value)
    {
        if (_formats[_ordinal].Format == MySqlValueFormat.TimeSpanTicks)
        {
            Format(value.Ticks);
            return;
        }

        MySqlValues.CheckFraction(value.Ticks, _formats[_ordinal].FractionDigits, _columns[_ordinal]);
        Separator();

        // [-]H:MM:SS.ffffff with the total hours; the server refuses what is beyond ±838:59:59.999999 (strict mode).
        var ticks = value.Ticks;
        var magnitude = ticks < 0 ? (ulong)(-(ticks + 1)) + 1 : (ulong)ticks;
        var micros = magnitude / 10;
        var seconds = micros / 1_000_000;
        var span = _buffer.GetSpan(40);
        var at = 0;
        if (ticks < 0)
        {
            span[at++] = (byte)'-';
        }

        var formatted = (seconds / 3600).TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
        Debug.Assert(formatted, "40 bytes hold any time.");
        at += written;
        span[at++] = (byte)':';
        at += TwoDigits(span[at..], (int)(seconds / 60 % 60));
        span[at++] = (byte)':';
        at += TwoDigits(span[at..], (int)(seconds % 60));
        span[at++] = (byte)'.';
        formatted = (micros % 1_000_000).TryFormat(span[at..], out written, "D6", CultureInfo.InvariantCulture);
        Debug.Assert(formatted, "40 bytes hold any time.");
        _buffer.Advance(at + written);
        _ordinal++;
    }

    public void WriteBytes(byte[] value)
    {
        Separator();
        var span = _buffer.GetSpan(checked(value.Length * 2));
        for (var i = 0; i < value.Length; i++)
        {
            span[2 * i] = s_hex[value[i] >> 4];
            span[(2 * i) + 1] = s_hex[value[i] & 0xF];
        }

        _buffer.Advance(value.Length * 2);
        _ordinal++;
    }

    private static int TwoDigits(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + (value / 10));
        span[1] = (byte)('0' + (value % 10));
        return 2;
    }

    private readonly void Separator()
    {
        if (_ordinal > 0)
        {
            _buffer.Write(Tab);
        }
    }

    private void Format<TValue>(TValue value, string? format = null)
        where TValue : IUtf8SpanFormattable
    {
        Separator();
        var size = 64;
        while (true)
        {
            if (value.TryFormat(_buffer.GetSpan(size), out var written, format, CultureInfo.InvariantCulture))
            {
                _buffer.Advance(written);
                _ordinal++;
                return;
            }

            size *= 2;
        }
    }

    private void WriteText(ReadOnlySpan<char> text)
    {
        if (Utf16Text.IndexOfUnpairedSurrogate(text) is var lone and >= 0)
        {
            MySqlValues.ThrowLoneSurrogate(_columns[_ordinal], text[lone], lone);
        }

        Separator();
        var span = _buffer.GetSpan(checked(text.Length * 3));
        var length = Encoding.UTF8.GetBytes(text, span);
        var encoded = span[..length];
        var first = encoded.IndexOfAny(s_escaped);
        if (first < 0)
        {
            _buffer.Advance(length);
        }
        else
        {
            EscapeFrom(encoded, first);
        }

        _ordinal++;
    }

    // Rare: text with a tab, newline, backslash, CR or NUL. Escapes in place, moving the bytes after each escaped one.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void EscapeFrom(Span<byte> encoded, int first)
    {
        var length = encoded.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length - first);
        try
        {
            var tail = rented.AsSpan(0, length - first);
            encoded[first..].CopyTo(tail);
            _buffer.Advance(first);
            var span = _buffer.GetSpan(checked(tail.Length * 2));
            var at = 0;
            foreach (var b in tail)
            {
                switch (b)
                {
                    case Backslash: span[at++] = Backslash; span[at++] = Backslash; break;
                    case Tab: span[at++] = Backslash; span[at++] = (byte)'t'; break;
                    case NewLine: span[at++] = Backslash; span[at++] = (byte)'n'; break;
                    case (byte)'\r': span[at++] = Backslash; span[at++] = (byte)'r'; break;
                    case 0: span[at++] = Backslash; span[at++] = (byte)'0'; break;
                    default: span[at++] = b; break;
                }
            }

            _buffer.Advance(at);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>Checks both column writers make before a value leaves the client.</summary>
internal static class MySqlValues
{
    private static readonly long[] s_ticksPerDigit = [10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10];

    /// <summary>
    /// Fails when <paramref name="ticks"/> has a nonzero fractional digit the column does not keep (the server would round
    /// or cut it without a word). The 7th digit (100 ns) is beyond every MySQL type and is dropped, as documented.
    /// </summary>
    public static void CheckFraction(long ticks, byte digits, ColumnDescription column)
    {
        if (digits < 6 && ticks % s_ticksPerDigit[digits] / 10 != 0)
        {
            ThrowFraction(column, digits);
        }
    }

    /// <summary>A time span as TIME text, <c>[-]H:MM:SS.ffffff</c> with the total hours (the 7th fractional digit dropped).</summary>
    public static string FormatTime(TimeSpan value)
    {
        var ticks = value.Ticks;
        var magnitude = ticks < 0 ? (ulong)(-(ticks + 1)) + 1 : (ulong)ticks;
        var micros = magnitude / 10;
        var seconds = micros / 1_000_000;
        return string.Create(CultureInfo.InvariantCulture, $"{(ticks < 0 ? "-" : "")}{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}.{micros % 1_000_000:D6}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFraction(ColumnDescription column, byte digits) =>
        throw new ArgumentOutOfRangeException(
            column.MemberName,
            string.Create(CultureInfo.InvariantCulture, $"Column {MySqlSql.Quote(column.Name)} keeps {digits} fractional second digit(s), and this value has more: the server would round or cut it. Declare the column with more precision (e.g. DATETIME(6), TIME(6)) or round the value first."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNotFinite(ColumnDescription column, double value) =>
        throw new ArgumentOutOfRangeException(
            column.MemberName,
            string.Create(CultureInfo.InvariantCulture, $"Column {MySqlSql.Quote(column.Name)} cannot store {value}: MySQL and MariaDB have no NaN or infinity."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowLoneSurrogate(ColumnDescription column, char surrogate, int position) =>
        throw new EncoderFallbackException(
            string.Create(CultureInfo.InvariantCulture, $"Cannot store the text for column {MySqlSql.Quote(column.Name)} (member {column.MemberName}): it holds an unpaired UTF-16 surrogate (U+{(int)surrogate:X4} at index {position}), which UTF-8 text cannot represent; the driver would store U+FFFD in its place. Store such values as byte[] or repair the string."));
}
