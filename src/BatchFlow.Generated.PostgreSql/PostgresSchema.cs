using Npgsql;

namespace BatchFlow.PostgreSql;

/// <summary>
/// Reads tables from a PostgreSQL catalog as a schema snapshot records them (<c>docs/schema-snapshot.md</c>), with the
/// query and type mapping the sink itself runs before its first batch (<see cref="PostgresTypes"/>), so that a
/// snapshot and the sink judge a row type alike.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The provider's name in schema snapshots.</summary>
    public const string ProviderName = "postgres";

    /// <summary>
    /// Reads the tables' columns (name, declared type, nullability, default, generated, identity, the member types the
    /// sink writes into it), primary keys and unique indexes.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="tables">
    /// The table names, unquoted, each resolved through <c>search_path</c> as the sink resolves its table; a name that
    /// finds no ordinary or partitioned table is absent from the result. Null: every ordinary and partitioned table of
    /// <c>current_schema()</c> (partitions left out: rows reach them through their parent).
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>
    /// The snapshot: provider <see cref="ProviderName"/>, the server's <c>SHOW server_version</c>, the tables by name
    /// (ordinal order), each with its columns in the table's order and its primary key before its unique indexes (by
    /// name). Unique indexes over expressions, and invalid ones, are not listed.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentException">A table name is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The connection is not open.</exception>
    public static async Task<SchemaSnapshot> ReadAsync(NpgsqlConnection connection, IReadOnlyCollection<string>? tables = null, CancellationToken cancellationToken = default)
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
            throw new InvalidOperationException("PostgresSchema.ReadAsync needs an open connection; call OpenAsync first.");
        }

        var (read, version) = await PostgresCatalog.ReadAsync(connection, tables, serverVersion: true, cancellationToken).ConfigureAwait(false);
        return new SchemaSnapshot(ProviderName, version ?? "", [.. read.Select(static t => t.Schema)]);
    }
}
