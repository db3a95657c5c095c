using System.Collections;
using System.Data.Common;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// One batch of <see cref="ColumnarRows"/> as the forward-only <see cref="DbDataReader"/> <c>MySqlBulkCopy</c> reads:
/// <see cref="Read"/> and <see cref="GetValues"/> (values boxed, as for any reader), as <c>UserRowDataReader</c> does for
/// the four-column rows. Reused from batch to batch; members <c>MySqlBulkCopy</c> does not call throw.
/// </summary>
internal sealed class ColumnarDataReader(ColumnarRows data) : DbDataReader
{
    private int _row = -1;
    private int _end;

    public override int FieldCount => data.Columns.Count;

    public override bool HasRows => _row + 1 < _end;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>Points the reader at <paramref name="count"/> rows from <paramref name="offset"/>, before the first.</summary>
    public ColumnarDataReader Reset(int offset, int count)
    {
        _row = offset - 1;
        _end = offset + count;
        return this;
    }

    public override bool Read() => ++_row < _end;

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var c = 0; c < count; c++)
        {
            values[c] = GetValue(c);
        }

        return count;
    }

    public override object GetValue(int ordinal) => data.Value(ordinal, _row) ?? DBNull.Value;

    public override bool IsDBNull(int ordinal) => data.Value(ordinal, _row) is null;

    public override string GetName(int ordinal) => data.Columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var c = 0; c < FieldCount; c++)
        {
            if (data.Columns[c].Name == name)
            {
                return c;
            }
        }

        throw new ArgumentException($"No column {name}.", nameof(name));
    }

    public override Type GetFieldType(int ordinal) => data.Columns[ordinal].Type switch
    {
        ColumnType.Int64 => typeof(long),
        ColumnType.Int32 => typeof(int),
        ColumnType.Double => typeof(double),
        ColumnType.Boolean => typeof(bool),
        ColumnType.String => typeof(string),
        ColumnType.DateTime => typeof(DateTime),
        ColumnType.Guid => typeof(Guid),
        var other => throw new NotSupportedException(other.ToString()),
    };

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override long GetInt64(int ordinal) => data.Int64(ordinal, _row);

    public override int GetInt32(int ordinal) => data.Int32(ordinal, _row);

    public override double GetDouble(int ordinal) => data.Double(ordinal, _row);

    public override bool GetBoolean(int ordinal) => data.Boolean(ordinal, _row);

    public override string GetString(int ordinal) => data.String(ordinal, _row) ?? throw new InvalidCastException("NULL");

    public override DateTime GetDateTime(int ordinal) => data.DateTime(ordinal, _row);

    public override Guid GetGuid(int ordinal) => data.Guid(ordinal, _row);

    public override bool NextResult() => false;

    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    public override byte GetByte(int ordinal) => throw new NotSupportedException();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override char GetChar(int ordinal) => throw new NotSupportedException();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();

    public override float GetFloat(int ordinal) => throw new NotSupportedException();

    public override short GetInt16(int ordinal) => throw new NotSupportedException();
}
