using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite;

/// <summary>A table as <see cref="SqliteCatalog.Read"/> read it.</summary>
/// <param name="Schema">The table as a snapshot records it.</param>
/// <param name="Types">What decides how each column stores a bound value, in the table's order (as <see cref="SchemaTable.Columns"/>).</param>
internal sealed record SqliteCatalogTable(SchemaTable Schema, IReadOnlyList<SqliteColumnType> Types);

/// <summary>
/// Reads tables of the <c>main</c> database through SQLite's table-valued pragmas (<c>table_list</c>,
/// <c>table_xinfo</c>, <c>index_list</c>, <c>index_info</c>): the one read behind both <see cref="SqliteSchema.ReadAsync"/>
/// (snapshots) and the sink's check before its first batch (<see cref="SqliteTableCheck"/>), judged by one rule
/// (<see cref="SqliteTypes"/>).
/// </summary>
internal static class SqliteCatalog
{
    /// <summary>The tables read: ordinary tables of <c>main</c>, not SQLite's own (<c>sqlite_…</c>). <c>/*filter*/</c> is where the name filter goes, <c>/*pragmas*/</c> the pragmas joined to each table.</summary>
    private const string Tables =
        """
        FROM pragma_table_list() AS t
        /*pragmas*/
        WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'/*filter*/
        """;

    /// <summary>
    /// Per table, its columns in order: whether it is WITHOUT ROWID or STRICT, name, declared type, NOT NULL, default,
    /// position in the primary key (0: none) and hidden (2, 3: generated; 1: a virtual table's hidden column).
    /// </summary>
    private const string ColumnsQuery =
        "SELECT t.name, t.wr, t.strict, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden " + Tables + " ORDER BY t.name, c.cid;";

    /// <summary>Per table, the key parts of its unique indexes in order: index name, origin (<c>pk</c>, <c>u</c>, <c>c</c>), partial, column (null: an expression).</summary>
    private const string IndexesQuery =
        "SELECT t.name, i.name, i.origin, i.partial, k.name " + Tables + " AND i.\"unique\" = 1 ORDER BY t.name, i.name, k.seqno;";

    private const string ColumnsJoin = "JOIN pragma_table_xinfo(t.name, t.schema) AS c";
    private const string IndexesJoin = "JOIN pragma_index_list(t.name, t.schema) AS i JOIN pragma_index_info(i.name, t.schema) AS k";

    /// <summary>
    /// Reads <paramref name="tables"/> (null: every table of <c>main</c>; names compared without case, as SQLite does)
    /// in one command, by name (ordinal order); a named table that does not exist is absent. With
    /// <paramref name="version"/>, also reads <c>sqlite_version()</c>.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="tables">The table names, or null.</param>
    /// <param name="version">Whether to read the library version.</param>
    /// <param name="commandTimeout">Seconds to wait for a locked database (0: no limit); null for the connection's default.</param>
    public static (List<SqliteCatalogTable> Tables, string? Version) Read(SqliteConnection connection, IReadOnlyCollection<string>? tables, bool version, int? commandTimeout = null)
    {
        using var command = connection.CreateCommand();
        if (commandTimeout is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        var filter = new StringBuilder();
        if (tables is not null)
        {
            var i = 0;
            foreach (var table in tables)
            {
                var parameter = "$t" + i.ToString(CultureInfo.InvariantCulture);
                command.Parameters.AddWithValue(parameter, table);
                filter.Append(i == 0 ? " AND t.name COLLATE NOCASE IN (" : ", ").Append(parameter);
                i++;
            }

            filter.Append(i == 0 ? " AND 0" : ")");
        }

        command.CommandText = Build(ColumnsQuery, filter, ColumnsJoin) + Build(IndexesQuery, filter, IndexesJoin)
            + (version ? "SELECT sqlite_version();" : "");

        var read = new SortedDictionary<string, TableBuilder>(StringComparer.Ordinal);
        string? libraryVersion = null;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var name = reader.GetString(0);
                if (!read.TryGetValue(name, out var table))
                {
                    read.Add(name, table = new TableBuilder(name, reader.GetInt64(1) != 0, reader.GetInt64(2) != 0));
                }

                var hidden = reader.GetInt64(8);
                if (hidden != 1)
                {
                    table.Columns.Add(new ColumnRow(
                        reader.GetString(3),
                        reader.IsDBNull(4) ? "" : reader.GetString(4),
                        reader.GetInt64(5) != 0,
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        (int)reader.GetInt64(7),
                        hidden is 2 or 3));
                }
            }

            reader.NextResult();
            while (reader.Read())
            {
                if (read.TryGetValue(reader.GetString(0), out var table))
                {
                    table.AddKeyPart(reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, reader.IsDBNull(4) ? null : reader.GetString(4));
                }
            }

            if (version && reader.NextResult() && reader.Read())
            {
                libraryVersion = reader.GetString(0);
            }
        }

        return (read.Values.Select(static t => t.Build()).ToList(), libraryVersion);
    }

    private static string Build(string query, StringBuilder filter, string pragmas) =>
        query.Replace("/*filter*/", filter.ToString(), StringComparison.Ordinal).Replace("/*pragmas*/", pragmas, StringComparison.Ordinal);

    private sealed record ColumnRow(string Name, string DeclaredType, bool NotNull, string? Default, int PrimaryKeyPosition, bool IsGenerated);

    private sealed class TableBuilder(string name, bool withoutRowid, bool strict)
    {
        private readonly Dictionary<string, UniqueIndex> _indexes = new(StringComparer.Ordinal);
        private string? _primaryKeyIndex;

        public List<ColumnRow> Columns { get; } = [];

        public void AddKeyPart(string index, string origin, bool partial, string? column)
        {
            if (origin == "pk")
            {
                // The primary key's own index (a WITHOUT ROWID table, or a key that is not the rowid): its columns are
                // read from table_xinfo; only its name is kept.
                _primaryKeyIndex = index;
                return;
            }

            if (!_indexes.TryGetValue(index, out var parts))
            {
                _indexes.Add(index, parts = new UniqueIndex(partial));
            }

            parts.Columns.Add(column ?? "");
            parts.OverColumns &= column is not null;
        }

        public SqliteCatalogTable Build()
        {
            var keyColumns = Columns.Where(static c => c.PrimaryKeyPosition > 0).OrderBy(static c => c.PrimaryKeyPosition).Select(static c => c.Name).ToArray();

            // A rowid table whose primary key has no index of its own: the key is the rowid (INTEGER PRIMARY KEY).
            var rowidKey = !withoutRowid && keyColumns.Length == 1 && _primaryKeyIndex is null;
            var columns = new List<SchemaColumn>(Columns.Count);
            var types = new List<SqliteColumnType>(Columns.Count);
            foreach (var row in Columns)
            {
                var isRowid = rowidKey && row.PrimaryKeyPosition == 1;
                var type = new SqliteColumnType(row.DeclaredType, strict, isRowid);
                types.Add(type);

                // The rowid is never NULL (a NULL written is a new number); a WITHOUT ROWID table's key columns refuse NULL.
                var nullable = !row.NotNull && !isRowid && !(withoutRowid && row.PrimaryKeyPosition > 0);
                columns.Add(new SchemaColumn(
                    row.Name,
                    row.DeclaredType,
                    nullable,
                    row.IsGenerated ? null : row.Default,
                    row.IsGenerated,
                    isRowid ? SchemaIdentity.ByDefault : SchemaIdentity.None,
                    SqliteTypes.Accepts(type)));
            }

            var indexes = new List<SchemaIndex>();
            if (keyColumns.Length > 0)
            {
                // SQLite keeps no name for a primary key; its index has one, the rowid has none.
                indexes.Add(new SchemaIndex(_primaryKeyIndex ?? "rowid", keyColumns, IsPrimaryKey: true));
            }

            // Unique indexes over expressions are not listed: they are not unique over the columns' values.
            indexes.AddRange(_indexes
                .Where(static i => i.Value.OverColumns)
                .OrderBy(static i => i.Key, StringComparer.Ordinal)
                .Select(static i => new SchemaIndex(i.Key, i.Value.Columns, IsPrimaryKey: false, IsPartial: i.Value.IsPartial)));
            return new SqliteCatalogTable(new SchemaTable(name, columns, indexes), types);
        }

        private sealed class UniqueIndex(bool isPartial)
        {
            public bool IsPartial { get; } = isPartial;

            public List<string> Columns { get; } = [];

            public bool OverColumns { get; set; } = true;
        }
    }
}
