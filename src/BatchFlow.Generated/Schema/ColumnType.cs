namespace BatchFlow;

/// <summary>
/// The CLR type of a column's member as the generator saw it. Providers map it to their own database type.
/// An enum column carries its underlying integer type here and <see cref="ColumnDescription.IsEnum"/> set.
/// </summary>
public enum ColumnType
{
    /// <summary><see cref="bool"/>.</summary>
    Boolean,
    /// <summary><see cref="byte"/>.</summary>
    Byte,
    /// <summary><see cref="sbyte"/>.</summary>
    SByte,
    /// <summary><see cref="short"/>.</summary>
    Int16,
    /// <summary><see cref="ushort"/>.</summary>
    UInt16,
    /// <summary><see cref="int"/>.</summary>
    Int32,
    /// <summary><see cref="uint"/>.</summary>
    UInt32,
    /// <summary><see cref="long"/>.</summary>
    Int64,
    /// <summary><see cref="ulong"/>.</summary>
    UInt64,
    /// <summary><see cref="float"/>.</summary>
    Single,
    /// <summary><see cref="double"/>.</summary>
    Double,
    /// <summary><see cref="decimal"/>.</summary>
    Decimal,
    /// <summary><see cref="string"/>.</summary>
    String,
    /// <summary><see cref="char"/>.</summary>
    Char,
    /// <summary><see cref="System.Guid"/>.</summary>
    Guid,
    /// <summary><see cref="System.DateTime"/>.</summary>
    DateTime,
    /// <summary><see cref="System.DateTimeOffset"/>.</summary>
    DateTimeOffset,
    /// <summary><see cref="System.DateOnly"/>.</summary>
    DateOnly,
    /// <summary><see cref="System.TimeOnly"/>.</summary>
    TimeOnly,
    /// <summary><see cref="System.TimeSpan"/>.</summary>
    TimeSpan,
    /// <summary><c>byte[]</c>.</summary>
    Binary,
}
