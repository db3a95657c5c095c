using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite;

/// <summary>
/// Reads tables from a SQLite database as a schema snapshot records them (<c>docs/schema-snapshot.md</c>), with the
/// read and the type rule the sink itself checks before its first batch (SQLite's type affinity, see the package
/// README), so that a snapshot and the sink judge a row type alike.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The provider's name in schema snapshots.</summary>
    public const string ProviderName = "sqlite";

    /// <summary>
    /// Reads the tables' columns (name, declared type, nullability, default, generated, rowid, the member types SQLite
    /// stores exactly as the sink binds them), primary keys and unique indexes.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="tables">
    /// The table names of the <c>main</c> database, compared without case as SQLite does; a name that finds no table
    /// is absent from the result. Null: every table of <c>main</c> but SQLite's own (<c>sqlite_…</c>); views and
    /// virtual tables are not tables.
    /// </param>
    /// <param name="cancellationToken">Cancels the read before it starts (SQLite reads synchronously).</param>
    /// <returns>
    /// The snapshot: provider <see cref="ProviderName"/>, the library's <c>sqlite_version()</c>, the tables by name
    /// (ordinal order), each with its columns in the table's order and its primary key before its unique indexes (by
    /// name). The primary key is named after its index, or <c>rowid</c> for an <c>INTEGER PRIMARY KEY</c>, which has
    /// none. Unique indexes over expressions are not listed.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException">A table name is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The connection is not open.</exception>
    public static Task<SchemaSnapshot> ReadAsync(SqliteConnection connection, IReadOnlyCollection<string>? tables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (tables is not null)
        {
            foreach (var table in tables)
            {
                ArgumentException.ThrowIfNullOrEmpty(table, nameof(tables));
            }
        }

        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("SqliteSchema.ReadAsync needs an open connection; call Open first.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SchemaSnapshot>(cancellationToken);
        }

        var (read, version) = SqliteCatalog.Read(connection, tables, version: true);
        return Task.FromResult(new SchemaSnapshot(ProviderName, version ?? "", [.. read.Select(static t => t.Schema)]));
    }
}
