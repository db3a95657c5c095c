namespace BatchFlow.Sqlite;

/// <summary>
/// Binds values into consecutive parameters of a prepared statement through SQLite's own typed bind calls:
/// no boxing, no per-value allocation. The encodings match Microsoft.Data.Sqlite's, so a <c>SqliteDataReader</c>
/// reads the values back as the same .NET types.
/// </summary>
public ref struct SqliteRowBinder
{
    // Implemented in the SQLite provider issue work; see docs/adr for the encodings.
}
