using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>
/// Reads tables from a MySQL or MariaDB <c>information_schema</c> as a schema snapshot records them
/// (<c>docs/schema-snapshot.md</c>), with the query and type rules the sink itself runs before its first batch
/// (<see cref="MySqlTypes"/>), so that a snapshot and the sink judge a row type alike.
/// </summary>
public static class MySqlSchema
{
    /// <summary>The provider's name in schema snapshots.</summary>
    public const string ProviderName = "mysql";

    /// <summary>
    /// Reads the tables' columns (name, column type, nullability, default, generated, <c>AUTO_INCREMENT</c>, the member
    /// types the sink writes into it), primary keys and unique indexes.
    /// </summary>
    /// <param name="connection">An open connection with a current database (<c>Database=…</c> in its connection string, or <c>USE</c>).</param>
    /// <param name="tables">
    /// The table names of the current database, as the server compares them; a name that finds no base table is
    /// absent from the result. Null: every base table of the current database.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// The snapshot: provider <see cref="ProviderName"/>, the server's <c>SELECT VERSION()</c>, the tables by name
    /// (ordinal order), each with its columns in the table's order and its primary key (<c>PRIMARY</c>) before its
    /// unique indexes (by name). Unique indexes with a functional or a prefix key part are not listed: they are not
    /// unique over the columns' values.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException">A table name is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The connection is not open, or it has no current database.</exception>
    public static async Task<SchemaSnapshot> ReadAsync(MySqlConnection connection, IReadOnlyCollection<string>? tables = null, CancellationToken cancellationToken = default)
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
            throw new InvalidOperationException("MySqlSchema.ReadAsync needs an open connection; call OpenAsync first.");
        }

        var read = await MySqlCatalog.ReadAsync(connection, tables, cancellationToken).ConfigureAwait(false);
        if (read.Database is null)
        {
            throw new InvalidOperationException(
                "The connection has no current database, so there are no tables to read: name one in the connection string (Database=…) or select one with USE.");
        }

        return new SchemaSnapshot(ProviderName, read.VersionText, [.. read.Tables.Select(static t => t.Schema)]);
    }
}
