using System.Collections;
using System.Data.Common;
using BatchFlow.Benchmarks.Rows;

namespace BatchFlow.Benchmarks.MySql;

/// <summary>
/// The lightest source <c>MySqlBulkCopy</c> accepts for typed rows: a forward-only <see cref="DbDataReader"/> over one
/// batch of an array, reused from batch to batch. <c>MySqlBulkCopy</c> reads it with <see cref="Read"/> and
/// <see cref="GetValues"/> (one <c>object[]</c> per row: the <c>long</c> and the <c>DateTime</c> are boxed, as they are
/// for any reader), and nothing else; the other members are not needed and throw.
/// </summary>
internal sealed class UserRowDataReader : DbDataReader
{
    private UserRow[] _rows = [];
    private int _next;
    private int _end;
    private UserRow? _current;

    /// <summary>Points the reader at <paramref name="count"/> rows from <paramref name="offset"/>, before the first.</summary>
    public UserRowDataReader Reset(UserRow[] rows, int offset, int count)
    {
        _rows = rows;
        _next = offset;
        _end = offset + count;
        _current = null;
        return this;
    }

    public override int FieldCount => 4;

    public override bool HasRows => _next < _end;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (_next >= _end)
        {
            _current = null;
            return false;
        }

        _current = _rows[_next++];
        return true;
    }

    public override int GetValues(object[] values)
    {
        var row = _current!;
        values[0] = row.Id;
        values[1] = row.Name;
        values[2] = (object?)row.Email ?? DBNull.Value;
        values[3] = row.CreatedAt;
        return 4;
    }

    public override object GetValue(int ordinal) => ordinal switch
    {
        0 => _current!.Id,
        1 => _current!.Name,
        2 => (object?)_current!.Email ?? DBNull.Value,
        3 => _current!.CreatedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(ordinal)),
    };

    public override bool IsDBNull(int ordinal) => ordinal == 2 && _current!.Email is null;

    public override string GetName(int ordinal) => ordinal switch
    {
        0 => "id",
        1 => "name",
        2 => "email",
        3 => "created_at",
        _ => throw new ArgumentOutOfRangeException(nameof(ordinal)),
    };

    public override int GetOrdinal(string name) => name switch
    {
        "id" => 0,
        "name" => 1,
        "email" => 2,
        "created_at" => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public override Type GetFieldType(int ordinal) => ordinal switch
    {
        0 => typeof(long),
        1 or 2 => typeof(string),
        3 => typeof(DateTime),
        _ => throw new ArgumentOutOfRangeException(nameof(ordinal)),
    };

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override long GetInt64(int ordinal) => ordinal == 0 ? _current!.Id : throw new InvalidCastException();

    public override string GetString(int ordinal) => ordinal switch
    {
        1 => _current!.Name,
        2 => _current!.Email ?? throw new InvalidCastException("email is NULL"),
        _ => throw new InvalidCastException(),
    };

    public override DateTime GetDateTime(int ordinal) => ordinal == 3 ? _current!.CreatedAt : throw new InvalidCastException();

    public override bool NextResult() => false;

    public override IEnumerator GetEnumerator() => throw new NotSupportedException();

    public override bool GetBoolean(int ordinal) => throw new NotSupportedException();

    public override byte GetByte(int ordinal) => throw new NotSupportedException();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override char GetChar(int ordinal) => throw new NotSupportedException();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

    public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();

    public override double GetDouble(int ordinal) => throw new NotSupportedException();

    public override float GetFloat(int ordinal) => throw new NotSupportedException();

    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();

    public override short GetInt16(int ordinal) => throw new NotSupportedException();

    public override int GetInt32(int ordinal) => throw new NotSupportedException();
}
