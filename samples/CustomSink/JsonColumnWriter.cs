using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using BatchFlow;
using BatchFlow.Sinks;

namespace CustomSink;

/// <summary>
/// The JSON Lines provider's <see cref="IColumnWriter"/>: writes one row's values as the properties of the JSON
/// object the caller has opened on a <see cref="Utf8JsonWriter"/>, one property per column, named after the column
/// (<see cref="ColumnDescription.Name"/>), through the writer's typed calls. Nothing is boxed and nothing is allocated
/// per value beyond what <see cref="Utf8JsonWriter"/> itself needs.
/// </summary>
/// <remarks>
/// <para>
/// Integers of every width (and enums, as their underlying value), <see cref="float"/>, <see cref="double"/> and
/// <see cref="decimal"/> are JSON numbers; <see cref="bool"/> is <c>true</c>/<c>false</c>; a null of any type is
/// <c>null</c>. Everything else is a JSON string: <see cref="char"/> as a one-character string, <see cref="Guid"/> as
/// <c>D</c> format, <see cref="DateTime"/> and <see cref="DateTimeOffset"/> as ISO 8601 (what
/// <see cref="JsonElement.GetDateTime"/> reads back), <see cref="DateOnly"/> as <c>yyyy-MM-dd</c>,
/// <see cref="TimeOnly"/> as <c>HH:mm:ss.fffffff</c>, <see cref="TimeSpan"/> in the invariant constant format
/// <c>[-][d.]hh:mm:ss[.fffffff]</c>, and <c>byte[]</c> as base64.
/// </para>
/// <para>
/// The generated <see cref="IRowWriter{T}"/> calls these methods once per column, in <see cref="TableShape.Columns"/>
/// order; each call writes the next column's property. <c>default</c> has no writer and fails on every call.
/// </para>
/// </remarks>
public struct JsonColumnWriter : IColumnWriter
{
    // Longest invariant TimeSpan in the "c" format, "-10675199.02:48:05.4775808", is 26 bytes.
    private const int FormatBufferLength = 32;


    private readonly Utf8JsonWriter _json;
    private readonly JsonEncodedText[] _names;
    private int _ordinal;

    /// <summary>Starts a row: the first write goes to the property <paramref name="names"/>[0].</summary>
    /// <param name="json">The writer, positioned inside the row's JSON object.</param>
    /// <param name="names">The property name of each column, in column order (see <see cref="PropertyNames"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public JsonColumnWriter(Utf8JsonWriter json, JsonEncodedText[] names)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(names);
        _json = json;
        _names = names;
        _ordinal = 0;
    }

    /// <summary>How many columns have been written so far.</summary>
    public readonly int Written => _ordinal;

    /// <summary>
    /// The property name of each column of <paramref name="table"/>, in column order, encoded once so that the row
    /// loop never escapes or transcodes a name again.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    public static JsonEncodedText[] PropertyNames(TableShape table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var names = new JsonEncodedText[table.Columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = JsonEncodedText.Encode(table.Columns[i].Name);
        }

        return names;
    }

    /// <summary>Writes <c>null</c>.</summary>
    public void WriteNull() => _json.WriteNull(Next());

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public void WriteBoolean(bool value) => _json.WriteBoolean(Next(), value);

    /// <summary>Writes a number.</summary>
    public void WriteByte(byte value) => _json.WriteNumber(Next(), (uint)value);

    /// <summary>Writes a number.</summary>
    public void WriteSByte(sbyte value) => _json.WriteNumber(Next(), (int)value);

    /// <summary>Writes a number.</summary>
    public void WriteInt16(short value) => _json.WriteNumber(Next(), (int)value);

    /// <summary>Writes a number.</summary>
    public void WriteUInt16(ushort value) => _json.WriteNumber(Next(), (uint)value);

    /// <summary>Writes a number.</summary>
    public void WriteInt32(int value) => _json.WriteNumber(Next(), value);

    /// <summary>Writes a number.</summary>
    public void WriteUInt32(uint value) => _json.WriteNumber(Next(), value);

    /// <summary>Writes a number.</summary>
    public void WriteInt64(long value) => _json.WriteNumber(Next(), value);

    /// <summary>Writes a number, every digit of it (a reader that parses numbers as <see cref="double"/> rounds values above 2^53).</summary>
    public void WriteUInt64(ulong value) => _json.WriteNumber(Next(), value);

    /// <summary>Writes a number, the shortest that reads back as the same <see cref="float"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or an infinity, which JSON cannot represent.</exception>
    public void WriteSingle(float value)
    {
        if (!float.IsFinite(value))
        {
            ThrowNotFinite(value.ToString(CultureInfo.InvariantCulture));
        }

        _json.WriteNumber(Next(), value);
    }

    /// <summary>Writes a number, the shortest that reads back as the same <see cref="double"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or an infinity, which JSON cannot represent.</exception>
    public void WriteDouble(double value)
    {
        // Utf8JsonWriter refuses these too, but its message speaks of JsonSerializer options; this one names the column.
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value.ToString(CultureInfo.InvariantCulture));
        }

        _json.WriteNumber(Next(), value);
    }

    /// <summary>Writes a number with every digit and the scale the value has (<c>1.50</c> stays <c>1.50</c>).</summary>
    public void WriteDecimal(decimal value) => _json.WriteNumber(Next(), value);

    /// <summary>Writes a string.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds an unpaired UTF-16 surrogate, which UTF-8 JSON text cannot represent.</exception>
    public void WriteString(string value) => WriteText(value.AsSpan());

    /// <summary>Writes a string of one character.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is a surrogate, which alone is not a character.</exception>
    public void WriteChar(char value) => WriteText(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    /// <summary>Writes a string in the <c>D</c> format (<c>01234567-89ab-…</c>).</summary>
    public void WriteGuid(Guid value) => _json.WriteString(Next(), value);

    /// <summary>Writes an ISO 8601 string: <c>Z</c> for UTC, the offset for local time, no suffix for an unspecified kind.</summary>
    public void WriteDateTime(DateTime value) => _json.WriteString(Next(), value);

    /// <summary>Writes an ISO 8601 string with the offset.</summary>
    public void WriteDateTimeOffset(DateTimeOffset value) => _json.WriteString(Next(), value);

    /// <summary>Writes an ISO 8601 date string, <c>yyyy-MM-dd</c>.</summary>
    public void WriteDateOnly(DateOnly value) => WriteFormatted(value, "O");

    /// <summary>Writes an ISO 8601 time string, <c>HH:mm:ss.fffffff</c>.</summary>
    public void WriteTimeOnly(TimeOnly value) => WriteFormatted(value, "O");

    /// <summary>Writes a string in the invariant constant format <c>[-][d.]hh:mm:ss[.fffffff]</c> (<c>"c"</c>).</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteFormatted(value, "c");

    /// <summary>Writes a base64 string.</summary>
    public void WriteBytes(byte[] value) => _json.WriteBase64String(Next(), value);

    private void WriteText(ReadOnlySpan<char> value)
    {
        // Utf8JsonWriter writes U+FFFD for an unpaired surrogate without a word: the line would hold other text than
        // the row, so the row fails instead.
        var lone = Utf16Text.IndexOfUnpairedSurrogate(value);
        if (lone >= 0)
        {
            ThrowLoneSurrogate(value[lone], lone);
        }

        _json.WriteString(Next(), value);
    }

    // Constrained to value types, so the call is made on the struct itself: no boxing. Formatting straight to UTF-8
    // spares the writer a transcoding pass.
    private void WriteFormatted<TValue>(TValue value, string format)
        where TValue : struct, IUtf8SpanFormattable
    {
        Span<byte> buffer = stackalloc byte[FormatBufferLength];
        if (!value.TryFormat(buffer, out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{typeof(TValue).Name} in format {format} did not fit {FormatBufferLength} bytes.");
        }

        _json.WriteString(Next(), buffer[..length]);
    }

    /// <summary>The name of the column the current call writes; advances to the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private JsonEncodedText Next()
    {
        var ordinal = _ordinal;
        if ((uint)ordinal >= (uint)_names.Length)
        {
            ThrowTooManyColumns();
        }

        _ordinal = ordinal + 1;
        return _names[ordinal];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowTooManyColumns() =>
        throw new InvalidOperationException($"The row writer wrote more than the {_names.Length} column(s) of the table.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowNotFinite(string value) =>
        throw new ArgumentException(
            $"Cannot write {value} to column \"{CurrentColumn()}\": JSON has no NaN or infinity. Use a nullable column and write null instead.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowLoneSurrogate(char surrogate, int position) =>
        throw new ArgumentException(
            $"Cannot write the text of column \"{CurrentColumn()}\": it holds an unpaired UTF-16 surrogate (U+{((int)surrogate).ToString("X4", CultureInfo.InvariantCulture)} at index {position.ToString(CultureInfo.InvariantCulture)}), which UTF-8 JSON text cannot represent (Utf8JsonWriter would write U+FFFD in its place). Store such values as byte[] or repair the string.");

    /// <summary>The name of the column the next write goes to (the one being refused).</summary>
    private readonly string CurrentColumn() => _ordinal < _names.Length ? _names[_ordinal].ToString() : "?";
}
