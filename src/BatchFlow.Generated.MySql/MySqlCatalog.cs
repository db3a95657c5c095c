using System.Globalization;
using System.Text;
using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>A table as <see cref="MySqlCatalog.ReadAsync"/> read it.</summary>
/// <param name="Schema">The table as a snapshot records it.</param>
/// <param name="Columns">Its columns as <see cref="MySqlTypes.Fit"/> judges them, in the table's order.</param>
internal sealed record MySqlCatalogTable(SchemaTable Schema, IReadOnlyList<CatalogColumn> Columns);

/// <summary>What <see cref="MySqlCatalog.ReadAsync"/> read: the server, the connection's current database and its tables.</summary>
/// <param name="Server">The server's product, version and settings.</param>
/// <param name="VersionText">The server's <c>SELECT VERSION()</c>, as it reports it.</param>
/// <param name="Database">The connection's current database, or null when none is selected (then no table is read).</param>
/// <param name="Tables">The tables, by name (ordinal order).</param>
internal sealed record MySqlCatalogRead(MySqlServer Server, string VersionText, string? Database, IReadOnlyList<MySqlCatalogTable> Tables);

/// <summary>
/// Reads tables from <c>information_schema</c>: the one query behind both <see cref="MySqlSchema.ReadAsync"/>
/// (snapshots) and <see cref="MySqlTablePlan.LoadAsync"/> (the sink's check before its first batch), so that compile
/// time and run time see the same columns and judge them with the same <see cref="MySqlTypes.Fit"/>.
/// </summary>
internal static class MySqlCatalog
{
    /// <summary>What the sink needs to know about the server: version, packet limit, local_infile, the current database.</summary>
    private const string ServerQuery = "SELECT VERSION(), @@max_allowed_packet, @@local_infile, DATABASE();";

    /// <summary>
    /// The columns of the current database's base tables (MariaDB's system-versioned tables are base tables too), per
    /// table in order: name, lower-case data type and column type (for <see cref="MySqlTypes.Fit"/>), column type as
    /// the server writes it, extra (auto_increment), fractional-second precision, character length, nullability,
    /// default and whether it is generated. <c>/*filter*/</c> is where the table filter goes.
    /// </summary>
    private const string ColumnsQuery =
        """
        SELECT c.TABLE_NAME, c.COLUMN_NAME, LOWER(c.DATA_TYPE), LOWER(c.COLUMN_TYPE), c.COLUMN_TYPE, LOWER(c.EXTRA),
               c.DATETIME_PRECISION, c.CHARACTER_MAXIMUM_LENGTH, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.IS_GENERATED
        FROM information_schema.COLUMNS c
        JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
        WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')/*filter*/
        ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION;
        """;

    /// <summary>
    /// The unique indexes of the same tables, one row per key part in index order: table, index, position, column
    /// (null for a functional key part) and prefix length (a key part over a column's first characters).
    /// </summary>
    private const string IndexesQuery =
        """
        SELECT s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX, s.COLUMN_NAME, s.SUB_PART
        FROM information_schema.STATISTICS s
        JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
        WHERE s.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND s.NON_UNIQUE = 0/*filter*/
        ORDER BY s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX;
        """;

    /// <summary>
    /// Reads the server and <paramref name="tables"/> (null: every base table of the current database) in one round
    /// trip; a named table that does not exist is absent.
    /// </summary>
    public static async Task<MySqlCatalogRead> ReadAsync(MySqlConnection connection, IReadOnlyCollection<string>? tables, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection };
        var columnsFilter = new StringBuilder();
        var indexesFilter = new StringBuilder();
        if (tables is not null)
        {
            // information_schema compares table names as the server does (with or without case, per lower_case_table_names).
            var i = 0;
            foreach (var table in tables)
            {
                var parameter = "@t" + i.ToString(CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(parameter, table);
                columnsFilter.Append(i == 0 ? " AND c.TABLE_NAME IN (" : ", ").Append(parameter);
                indexesFilter.Append(i == 0 ? " AND s.TABLE_NAME IN (" : ", ").Append(parameter);
                i++;
            }

            if (i == 0)
            {
                columnsFilter.Append(" AND FALSE");
                indexesFilter.Append(" AND FALSE");
            }
            else
            {
                columnsFilter.Append(')');
                indexesFilter.Append(')');
            }
        }

        command.CommandText = ServerQuery
            + ColumnsQuery.Replace("/*filter*/", columnsFilter.ToString(), StringComparison.Ordinal)
            + IndexesQuery.Replace("/*filter*/", indexesFilter.ToString(), StringComparison.Ordinal);

        MySqlServer server;
        string versionText;
        string? database;
        var read = new SortedDictionary<string, TableBuilder>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            versionText = reader.GetString(0);
            var (isMariaDb, version) = MySqlServer.ParseVersion(versionText);
            server = new MySqlServer(isMariaDb, version, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture) != 0);
            database = reader.IsDBNull(3) ? null : reader.GetString(3);

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = reader.GetString(0);
                if (!read.TryGetValue(name, out var table))
                {
                    read.Add(name, table = new TableBuilder(name));
                }

                var extra = reader.IsDBNull(5) ? "" : reader.GetString(5);
                var column = new CatalogColumn(
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    IsGenerated: string.Equals(reader.IsDBNull(10) ? null : reader.GetString(10), "ALWAYS", StringComparison.OrdinalIgnoreCase),
                    IsAutoIncrement: extra.Contains("auto_increment", StringComparison.Ordinal),
                    FractionDigits: reader.IsDBNull(6) ? null : Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
                    CharacterLength: reader.IsDBNull(7) ? null : Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture));
                var defaultValue = reader.IsDBNull(9) ? null : reader.GetString(9);

                // MariaDB (10.2.7 and later) quotes literal defaults and writes an unquoted NULL for DEFAULT NULL,
                // which is what a nullable column without a default gets: no default, as PostgreSQL records it.
                if (server.IsMariaDb && defaultValue == "NULL")
                {
                    defaultValue = null;
                }

                table.Add(column, reader.GetString(4), string.Equals(reader.GetString(8), "YES", StringComparison.OrdinalIgnoreCase), defaultValue);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (read.TryGetValue(reader.GetString(0), out var table))
                {
                    table.AddKeyPart(reader.GetString(1), reader.IsDBNull(3) ? null : reader.GetString(3), !reader.IsDBNull(4));
                }
            }
        }

        return new MySqlCatalogRead(server, versionText, database, [.. read.Values.Select(static t => t.Build())]);
    }

    private sealed class TableBuilder(string name)
    {
        private readonly List<SchemaColumn> _schemaColumns = [];
        private readonly List<CatalogColumn> _columns = [];
        private readonly Dictionary<string, (List<string> Columns, bool OverColumns)> _indexes = new(StringComparer.Ordinal);

        public void Add(CatalogColumn column, string declaredType, bool nullable, string? defaultValue)
        {
            _columns.Add(column);
            _schemaColumns.Add(new SchemaColumn(
                column.Name,
                declaredType,
                nullable,
                column.IsGenerated ? null : defaultValue,
                column.IsGenerated,
                column.IsAutoIncrement ? SchemaIdentity.ByDefault : SchemaIdentity.None,
                MySqlTypes.Accepts(column)));
        }

        /// <summary>Adds a key part; a functional or prefix key part makes the index one that is not over whole columns.</summary>
        public void AddKeyPart(string index, string? column, bool prefix)
        {
            if (!_indexes.TryGetValue(index, out var parts))
            {
                _indexes.Add(index, parts = (new List<string>(), true));
            }

            parts.Columns.Add(column ?? "");
            if (column is null || prefix)
            {
                _indexes[index] = (parts.Columns, false);
            }
        }

        public MySqlCatalogTable Build()
        {
            // Unique over whole columns only: an expression or a prefix is not the column's value, as an expression
            // index is not in PostgreSQL. The primary key (always named PRIMARY) first, then the others by name.
            var indexes = _indexes
                .Where(static i => i.Value.OverColumns)
                .Select(static i => new SchemaIndex(i.Key, i.Value.Columns, IsPrimaryKey: i.Key == "PRIMARY"))
                .OrderBy(static i => i.IsPrimaryKey ? 0 : 1)
                .ThenBy(static i => i.Name, StringComparer.Ordinal)
                .ToArray();
            return new MySqlCatalogTable(new SchemaTable(name, _schemaColumns, indexes), _columns);
        }
    }
}
