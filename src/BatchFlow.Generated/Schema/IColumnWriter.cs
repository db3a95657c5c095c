namespace BatchFlow;

/// <summary>
/// Receives one row's values, column by column in <see cref="TableShape.Columns"/> order, from the
/// generated <see cref="IRowWriter{T}"/>. Each provider implements it as a struct that turns the typed calls into
/// its own API (a SQLite bind, a binary COPY write, a Redis value, a CSV field): the generic writer is specialised
/// for that struct by the JIT, so no value is boxed and nothing is allocated per row.
/// </summary>
/// <remarks>
/// Exactly one call is made per column. A null value of any type is <see cref="WriteNull"/>; a non-null value goes
/// through the method of its member type (<see cref="TableShape.Columns"/> has the <see cref="ColumnType"/>):
/// every integer width has its own method, and an enum member is written through the method of its underlying type
/// (<see cref="ColumnDescription.IsEnum"/> tells). Reference-typed values (<see cref="string"/>, <see cref="byte"/>
/// arrays) are never null when passed. A method may throw to refuse a value (for example text the database cannot
/// store as given); the core then isolates that row and reports it.
/// </remarks>
public interface IColumnWriter
{
    /// <summary>Writes SQL NULL (or the store's absent value) for the current column.</summary>
    void WriteNull();

    /// <summary>Writes a <see cref="bool"/>.</summary>
    void WriteBoolean(bool value);

    /// <summary>Writes a <see cref="byte"/>.</summary>
    void WriteByte(byte value);

    /// <summary>Writes an <see cref="sbyte"/>.</summary>
    void WriteSByte(sbyte value);

    /// <summary>Writes a <see cref="short"/>.</summary>
    void WriteInt16(short value);

    /// <summary>Writes a <see cref="ushort"/>.</summary>
    void WriteUInt16(ushort value);

    /// <summary>Writes an <see cref="int"/>.</summary>
    void WriteInt32(int value);

    /// <summary>Writes a <see cref="uint"/>.</summary>
    void WriteUInt32(uint value);

    /// <summary>Writes a <see cref="long"/>.</summary>
    void WriteInt64(long value);

    /// <summary>Writes a <see cref="ulong"/>.</summary>
    void WriteUInt64(ulong value);

    /// <summary>Writes a <see cref="float"/>.</summary>
    void WriteSingle(float value);

    /// <summary>Writes a <see cref="double"/>.</summary>
    void WriteDouble(double value);

    /// <summary>Writes a <see cref="decimal"/>.</summary>
    void WriteDecimal(decimal value);

    /// <summary>Writes a non-null <see cref="string"/>.</summary>
    void WriteString(string value);

    /// <summary>Writes a <see cref="char"/>.</summary>
    void WriteChar(char value);

    /// <summary>Writes a <see cref="Guid"/>.</summary>
    void WriteGuid(Guid value);

    /// <summary>Writes a <see cref="DateTime"/>, its <see cref="DateTime.Kind"/> as given.</summary>
    void WriteDateTime(DateTime value);

    /// <summary>Writes a <see cref="DateTimeOffset"/>.</summary>
    void WriteDateTimeOffset(DateTimeOffset value);

    /// <summary>Writes a <see cref="DateOnly"/>.</summary>
    void WriteDateOnly(DateOnly value);

    /// <summary>Writes a <see cref="TimeOnly"/>.</summary>
    void WriteTimeOnly(TimeOnly value);

    /// <summary>Writes a <see cref="TimeSpan"/>.</summary>
    void WriteTimeSpan(TimeSpan value);

    /// <summary>Writes a non-null <see cref="byte"/> array.</summary>
    void WriteBytes(byte[] value);
}
