using System.Data.Common;

namespace BatchFlow.Conformance;

public abstract partial class SqlConformanceTarget
{
    /// <summary>Reads a column as the CLR type of <paramref name="type"/> (an enum as its underlying integer), or null.</summary>
    public virtual object? Read(DbDataReader reader, int ordinal, ColumnType type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return type switch
        {
            ColumnType.Boolean => reader.GetFieldValue<bool>(ordinal),
            ColumnType.Byte => reader.GetFieldValue<byte>(ordinal),
            ColumnType.SByte => reader.GetFieldValue<sbyte>(ordinal),
            ColumnType.Int16 => reader.GetFieldValue<short>(ordinal),
            ColumnType.UInt16 => reader.GetFieldValue<ushort>(ordinal),
            ColumnType.Int32 => reader.GetFieldValue<int>(ordinal),
            ColumnType.UInt32 => reader.GetFieldValue<uint>(ordinal),
            ColumnType.Int64 => reader.GetFieldValue<long>(ordinal),
            ColumnType.UInt64 => reader.GetFieldValue<ulong>(ordinal),
            ColumnType.Single => reader.GetFieldValue<float>(ordinal),
            ColumnType.Double => reader.GetFieldValue<double>(ordinal),
            ColumnType.Decimal => reader.GetFieldValue<decimal>(ordinal),
            ColumnType.String => reader.GetFieldValue<string>(ordinal),
            ColumnType.Char => reader.GetFieldValue<char>(ordinal),
            ColumnType.Guid => reader.GetFieldValue<Guid>(ordinal),
            ColumnType.DateTime => reader.GetFieldValue<DateTime>(ordinal),
            ColumnType.DateTimeOffset => reader.GetFieldValue<DateTimeOffset>(ordinal),
            ColumnType.DateOnly => reader.GetFieldValue<DateOnly>(ordinal),
            ColumnType.TimeOnly => reader.GetFieldValue<TimeOnly>(ordinal),
            ColumnType.TimeSpan => reader.GetFieldValue<TimeSpan>(ordinal),
            ColumnType.Binary => reader.GetFieldValue<byte[]>(ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a column type."),
        };
    }
}
