namespace BatchFlow.Sqlite;

/// <summary>
/// Binds values into consecutive parameters of a prepared statement through SQLite's own typed bind calls:
/// no boxing, no per-value allocation. The encodings match Microsoft.Data.Sqlite's, so a <c>SqliteDataReader</c>
/// reads the values back as the same .NET types.
/// </summary>
/// <remarks>
/// Stubs with the signatures generated row writers call; the SQLite provider work replaces this file with the
/// real implementation.
/// </remarks>
public ref struct SqliteRowBinder
{
    /// <summary>Binds SQL NULL.</summary>
    public void WriteNull() => throw new NotImplementedException();

    /// <summary>Binds a <see cref="bool"/>.</summary>
    public void WriteBoolean(bool value) => throw new NotImplementedException();

    /// <summary>Binds any signed or unsigned integer up to 64 bits wide except <see cref="ulong"/>, and enums.</summary>
    public void WriteInt64(long value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="ulong"/>.</summary>
    public void WriteUInt64(ulong value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="float"/> or a <see cref="double"/>.</summary>
    public void WriteDouble(double value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="decimal"/>.</summary>
    public void WriteDecimal(decimal value) => throw new NotImplementedException();

    /// <summary>Binds a string, or NULL when it is null.</summary>
    public void WriteString(string? value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="char"/>.</summary>
    public void WriteChar(char value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="Guid"/>.</summary>
    public void WriteGuid(Guid value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="DateTime"/>.</summary>
    public void WriteDateTime(DateTime value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="DateTimeOffset"/>.</summary>
    public void WriteDateTimeOffset(DateTimeOffset value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="DateOnly"/>.</summary>
    public void WriteDateOnly(DateOnly value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="TimeOnly"/>.</summary>
    public void WriteTimeOnly(TimeOnly value) => throw new NotImplementedException();

    /// <summary>Binds a <see cref="TimeSpan"/>.</summary>
    public void WriteTimeSpan(TimeSpan value) => throw new NotImplementedException();

    /// <summary>Binds a byte array as a BLOB, or NULL when it is null.</summary>
    public void WriteBytes(byte[]? value) => throw new NotImplementedException();
}
