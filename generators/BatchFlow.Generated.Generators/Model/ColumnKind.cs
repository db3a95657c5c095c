namespace BatchFlow.Generators.Model;

/// <summary>
/// Mirrors <c>BatchFlow.ColumnType</c> member for member (the emitter writes the names as they are), so the model
/// does not depend on the runtime assembly.
/// </summary>
internal enum ColumnKind
{
    Boolean,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    String,
    Char,
    Guid,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Binary,
}
