namespace BatchFlow;

/// <summary>
/// Hands one row's values back, column by column in <see cref="TableShape.Columns"/> order, to the generated
/// <see cref="IRowReader{T}"/>: the inverse of <see cref="IColumnWriter"/>. A source of stored rows (a dead-letter
/// file, a stream entry) implements it as a struct, so the generic reader is specialised for it and nothing is boxed.
/// </summary>
/// <remarks>
/// For each column the generated reader makes exactly one call: for a member that can hold null it first asks
/// <see cref="ReadNull"/>, and only when that returns false calls the method of the member's type; for a member that
/// cannot hold null it calls that method directly. An enum member is read through the method of its underlying type.
/// A method throws (for example <see cref="FormatException"/> or <see cref="InvalidDataException"/>) when the stored
/// value is not of the type asked for, or is null where the member cannot hold null: a value is never guessed.
/// </remarks>
public interface IColumnReader
{
    /// <summary>Whether the current column holds null; when it does, the reader moves past it.</summary>
    bool ReadNull();

    /// <summary>Reads a <see cref="bool"/>.</summary>
    bool ReadBoolean();

    /// <summary>Reads a <see cref="byte"/>.</summary>
    byte ReadByte();

    /// <summary>Reads an <see cref="sbyte"/>.</summary>
    sbyte ReadSByte();

    /// <summary>Reads a <see cref="short"/>.</summary>
    short ReadInt16();

    /// <summary>Reads a <see cref="ushort"/>.</summary>
    ushort ReadUInt16();

    /// <summary>Reads an <see cref="int"/>.</summary>
    int ReadInt32();

    /// <summary>Reads a <see cref="uint"/>.</summary>
    uint ReadUInt32();

    /// <summary>Reads a <see cref="long"/>.</summary>
    long ReadInt64();

    /// <summary>Reads a <see cref="ulong"/>.</summary>
    ulong ReadUInt64();

    /// <summary>Reads a <see cref="float"/>.</summary>
    float ReadSingle();

    /// <summary>Reads a <see cref="double"/>.</summary>
    double ReadDouble();

    /// <summary>Reads a <see cref="decimal"/>.</summary>
    decimal ReadDecimal();

    /// <summary>Reads a non-null <see cref="string"/>.</summary>
    string ReadString();

    /// <summary>Reads a <see cref="char"/>.</summary>
    char ReadChar();

    /// <summary>Reads a <see cref="Guid"/>.</summary>
    Guid ReadGuid();

    /// <summary>Reads a <see cref="DateTime"/> with the <see cref="DateTime.Kind"/> it was written with.</summary>
    DateTime ReadDateTime();

    /// <summary>Reads a <see cref="DateTimeOffset"/>.</summary>
    DateTimeOffset ReadDateTimeOffset();

    /// <summary>Reads a <see cref="DateOnly"/>.</summary>
    DateOnly ReadDateOnly();

    /// <summary>Reads a <see cref="TimeOnly"/>.</summary>
    TimeOnly ReadTimeOnly();

    /// <summary>Reads a <see cref="TimeSpan"/>.</summary>
    TimeSpan ReadTimeSpan();

    /// <summary>Reads a non-null <see cref="byte"/> array.</summary>
    byte[] ReadBytes();
}
