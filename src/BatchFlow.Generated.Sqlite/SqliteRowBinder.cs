using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using BatchFlow.Sinks;
using SQLitePCL;

namespace BatchFlow.Sqlite;

/// <summary>
/// The SQLite provider's <see cref="IColumnWriter"/>: binds one row's values into consecutive parameters of a
/// prepared statement through SQLite's own typed bind calls, with no boxing and no per-value allocation. Each
/// <c>Write…</c> call binds the next parameter. The encodings are the ones Microsoft.Data.Sqlite uses for a parameter
/// of the same .NET type, so a <c>SqliteDataReader</c> reads the values back as the same .NET types, and a query that
/// passes the same value as a Microsoft.Data.Sqlite parameter compares equal to the stored one.
/// </summary>
/// <remarks>
/// The generated <see cref="IRowWriter{T}"/> calls these methods, once per column, in
/// <see cref="TableShape.Columns"/> order. Integers of every width and enums are stored as INTEGER,
/// <see cref="float"/> as REAL. Only the sink creates one; <c>default</c> has no statement and fails on every call.
/// </remarks>
public struct SqliteRowBinder : IColumnWriter
{
    // Microsoft.Data.Sqlite's formats (SqliteValueBinder); tests compare the stored bytes with what it writes.
    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    private const string DateTimeOffsetFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";
    private const string DateOnlyFormat = @"yyyy\-MM\-dd";
    private const string TimeOnlyWholeSecondsFormat = @"HH\:mm\:ss";
    private const string TimeOnlyFractionFormat = @"HH\:mm\:ss\.fffffff";
    private const string DecimalFormat = "0.0###########################";

    // Longest outputs: decimal 1 + 29 + 1 + 28 = 59 chars, Guid 36, DateTimeOffset 33, TimeSpan 26.
    private const int FormatBufferLength = 64;



    private readonly sqlite3_stmt _statement;
    private readonly IReadOnlyList<ColumnDescription>? _columns;
    private readonly int _firstIndex;
    private int _index;

    /// <summary>Starts binding at parameter <paramref name="firstIndex"/> (1-based) of <paramref name="statement"/>.</summary>
    /// <param name="statement">The prepared statement.</param>
    /// <param name="firstIndex">The parameter the first write binds.</param>
    /// <param name="columns">The columns the row's values go to, in order, to name a column in errors; null to name only the parameter.</param>
    internal SqliteRowBinder(sqlite3_stmt statement, int firstIndex, IReadOnlyList<ColumnDescription>? columns = null)
    {
        Debug.Assert(statement is not null, "A binder needs a prepared statement.");
        Debug.Assert(firstIndex >= 1, "SQLite parameter indexes start at 1.");
        _statement = statement;
        _columns = columns;
        _firstIndex = firstIndex;
        _index = firstIndex;
    }

    /// <summary>The 1-based index of the parameter the next write binds.</summary>
    internal readonly int Index => _index;

    /// <summary>Binds SQL NULL.</summary>
    public void WriteNull() => Check(raw.sqlite3_bind_null(_statement, _index));

    /// <summary>Binds <see langword="true"/> as INTEGER 1 and <see langword="false"/> as INTEGER 0.</summary>
    public void WriteBoolean(bool value) => Check(raw.sqlite3_bind_int64(_statement, _index, value ? 1L : 0L));

    /// <summary>Binds an INTEGER.</summary>
    public void WriteByte(byte value) => WriteInt64(value);

    /// <summary>Binds an INTEGER.</summary>
    public void WriteSByte(sbyte value) => WriteInt64(value);

    /// <summary>Binds an INTEGER.</summary>
    public void WriteInt16(short value) => WriteInt64(value);

    /// <summary>Binds an INTEGER.</summary>
    public void WriteUInt16(ushort value) => WriteInt64(value);

    /// <summary>Binds an INTEGER.</summary>
    public void WriteInt32(int value) => WriteInt64(value);

    /// <summary>Binds an INTEGER.</summary>
    public void WriteUInt32(uint value) => WriteInt64(value);

    /// <summary>Binds an INTEGER.</summary>
    public void WriteInt64(long value) => Check(raw.sqlite3_bind_int64(_statement, _index, value));

    /// <summary>
    /// Binds an INTEGER holding the same 64 bits (values above <see cref="long.MaxValue"/> are stored negative),
    /// as Microsoft.Data.Sqlite does; reading the column as <see cref="ulong"/> gives the value back.
    /// </summary>
    public void WriteUInt64(ulong value) => Check(raw.sqlite3_bind_int64(_statement, _index, unchecked((long)value)));

    /// <summary>Binds a REAL, widened to <see cref="double"/> exactly.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is NaN, which SQLite would store as NULL.</exception>
    public void WriteSingle(float value) => WriteDouble(value);

    /// <summary>Binds a REAL.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is NaN, which SQLite would store as NULL.</exception>
    public void WriteDouble(double value)
    {
        if (double.IsNaN(value))
        {
            ThrowNaN();
        }

        Check(raw.sqlite3_bind_double(_statement, _index, value));
    }

    /// <summary>Binds TEXT in the invariant culture with at least one decimal place (<c>0.0###…</c>), keeping every digit.</summary>
    public void WriteDecimal(decimal value) => BindFormatted(value, DecimalFormat);

    /// <summary>Binds TEXT, or NULL when <paramref name="value"/> is null. An empty string is stored as empty TEXT.</summary>
    /// <exception cref="EncoderFallbackException"><paramref name="value"/> holds an unpaired surrogate, which SQLite would store altered.</exception>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        BindText(value.AsSpan());
    }

    /// <summary>Binds TEXT of one character.</summary>
    /// <exception cref="EncoderFallbackException"><paramref name="value"/> is a surrogate, which alone is not a character.</exception>
    public void WriteChar(char value) => BindText(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    /// <summary>Binds TEXT in the upper-case <c>D</c> format (<c>01234567-89AB-…</c>), as Microsoft.Data.Sqlite does by default.</summary>
    public void WriteGuid(Guid value)
    {
        Span<char> buffer = stackalloc char[FormatBufferLength];
        var formatted = value.TryFormat(buffer, out var length, "D");
        Debug.Assert(formatted && length == 36, "A D-format GUID is 36 characters.");
        var text = buffer[..length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= 'a' and <= 'f')
            {
                text[i] = (char)(text[i] - ('a' - 'A'));
            }
        }

        BindText(text);
    }

    /// <summary>Binds TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> (the fraction and its dot only when not zero); the kind is not stored.</summary>
    public void WriteDateTime(DateTime value) => BindFormatted(value, DateTimeFormat);

    /// <summary>Binds TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFF+hh:mm</c> (the local time and its offset).</summary>
    public void WriteDateTimeOffset(DateTimeOffset value) => BindFormatted(value, DateTimeOffsetFormat);

    /// <summary>Binds TEXT <c>yyyy-MM-dd</c>.</summary>
    public void WriteDateOnly(DateOnly value) => BindFormatted(value, DateOnlyFormat);

    /// <summary>Binds TEXT <c>HH:mm:ss</c>, or <c>HH:mm:ss.fffffff</c> when the time has a fraction of a second.</summary>
    public void WriteTimeOnly(TimeOnly value) =>
        BindFormatted(value, value.Ticks % TimeSpan.TicksPerSecond == 0 ? TimeOnlyWholeSecondsFormat : TimeOnlyFractionFormat);

    /// <summary>Binds TEXT in the constant format <c>[-][d.]hh:mm:ss[.fffffff]</c> (<c>"c"</c>).</summary>
    public void WriteTimeSpan(TimeSpan value) => BindFormatted(value, "c");

    /// <summary>Binds a BLOB, or NULL when <paramref name="value"/> is null. An empty array is stored as an empty BLOB.</summary>
    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        // An empty span pins to a null pointer, and SQLite binds NULL for a null blob pointer: a zero-length
        // zeroblob is SQLite's own empty BLOB.
        Check(value.Length == 0
            ? raw.sqlite3_bind_zeroblob(_statement, _index, 0)
            : raw.sqlite3_bind_blob(_statement, _index, value));
    }

    // Constrained to value types, so the TryFormat call is made on the struct itself: no boxing.
    private void BindFormatted<TValue>(TValue value, string format)
        where TValue : struct, ISpanFormattable
    {
        Span<char> buffer = stackalloc char[FormatBufferLength];
        var formatted = value.TryFormat(buffer, out var length, format, CultureInfo.InvariantCulture);
        Debug.Assert(formatted, $"{FormatBufferLength} characters hold any {typeof(TValue).Name} in format {format}.");
        BindText(buffer[..length]);
    }

    private void BindText(scoped ReadOnlySpan<char> value)
    {
        // An empty span pins to a null pointer, and SQLite binds NULL for a null text pointer: bind a
        // zero-terminated empty UTF-8 string instead (static data, nothing allocated).
        if (value.IsEmpty)
        {
            Check(raw.sqlite3_bind_text(_statement, _index, utf8z.FromSpan("\0"u8)));
            return;
        }

        // SQLite's UTF-16 decoder does not reject an unpaired surrogate: it merges it with the next character or
        // stores invalid UTF-8. Microsoft.Data.Sqlite would store U+FFFD. Both change the value, so the row fails.
        var lone = Utf16Text.IndexOfUnpairedSurrogate(value);
        if (lone >= 0)
        {
            ThrowLoneSurrogate(value[lone], lone);
        }

        Check(raw.sqlite3_bind_text16(_statement, _index, value));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowLoneSurrogate(char surrogate, int position) =>
        throw new EncoderFallbackException(
            $"Cannot store the text for {DescribeParameter()}: it holds an unpaired UTF-16 surrogate (U+{((int)surrogate).ToString("X4", CultureInfo.InvariantCulture)} at index {position.ToString(CultureInfo.InvariantCulture)}), which UTF-8 text cannot represent. SQLite would store it altered (Microsoft.Data.Sqlite writes U+FFFD in its place); store such values as byte[] or repair the string.");

    private readonly string DescribeParameter()
    {
        var parameter = "parameter " + _index.ToString(CultureInfo.InvariantCulture);
        if (_columns is null)
        {
            return parameter;
        }

        var column = (_index - _firstIndex) % _columns.Count;
        return $"column \"{_columns[column].Name}\" ({parameter})";
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteResult.Throw(rc, raw.sqlite3_db_handle(_statement));
        }

        _index++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowNaN() =>
        throw new InvalidOperationException(
            $"Cannot store NaN in {DescribeParameter()}: SQLite would store NULL. Use a nullable column and write null instead.");
}
