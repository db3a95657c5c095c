using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql;

/// <summary>One column of a table as the catalog describes it, with what the sink's plan needs beyond the snapshot.</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeName">The type's <c>pg_type.typname</c> (a domain's base type), e.g. <c>int8</c>, <c>timestamptz</c>.</param>
/// <param name="DeclaredType">The type as SQL writes it, for messages, e.g. <c>bigint</c>, <c>character varying(20)</c>.</param>
/// <param name="IsGenerated">Whether the column is <c>GENERATED ALWAYS AS (…) STORED</c>.</param>
/// <param name="IsIdentityAlways">Whether the column is <c>GENERATED ALWAYS AS IDENTITY</c>, which refuses written values.</param>
internal readonly record struct CatalogColumn(string Name, string TypeName, string DeclaredType, bool IsGenerated, bool IsIdentityAlways = false);

/// <summary>A table as <see cref="PostgresCatalog.ReadAsync"/> read it.</summary>
/// <param name="Schema">The table as a snapshot records it.</param>
/// <param name="Columns">Its columns with their catalog type names, in the table's order.</param>
/// <param name="RowSecurityBlocksCopy">Whether row-level security is in force for the current user, which COPY FROM refuses.</param>
internal sealed record PostgresCatalogTable(SchemaTable Schema, IReadOnlyList<CatalogColumn> Columns, bool RowSecurityBlocksCopy);

/// <summary>
/// Reads tables from the catalog: the one query behind both <see cref="PostgresSchema.ReadAsync"/> (snapshots) and
/// <see cref="PostgresTablePlan.LoadAsync"/> (the sink's check before its first batch), so that compile time and run
/// time see the same columns, types and keys.
/// </summary>
internal static class PostgresCatalog
{
    /// <summary>
    /// The tables read: <c>$1</c> null for every ordinary and partitioned table of <c>current_schema()</c> (not the
    /// partitions, which rows reach through their parent), else the tables named in <c>$1</c> (unquoted), each
    /// resolved through <c>search_path</c> as the sink's statements resolve it. Views and other relations are not tables.
    /// </summary>
    private const string Relations =
        """
        WITH r AS (
            SELECT c.oid, c.relname,
                   c.relrowsecurity AND (c.relforcerowsecurity OR c.relowner <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)) AS rls
            FROM pg_catalog.pg_class c
            WHERE c.relkind IN ('r', 'p')
              AND CASE WHEN $1::text[] IS NULL
                       THEN c.relnamespace = (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = pg_catalog.current_schema()) AND NOT c.relispartition
                       ELSE c.oid IN (SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(x)) FROM pg_catalog.unnest($1::text[]) x)
                  END)
        """;

    /// <summary>
    /// Per table, its columns in order: name, type name (a domain's base type), declared type, NOT NULL, default
    /// (not for a generated column, whose expression pg_attrdef also holds), generated, identity (<c>a</c>, <c>d</c> or
    /// empty) and whether a sequence is owned by the column (<c>serial</c>). A table without columns has one row of nulls.
    /// </summary>
    internal const string ColumnsQuery = Relations +
        """

        SELECT r.relname, r.rls, a.attname,
               CASE WHEN t.typtype = 'd' THEN b.typname ELSE t.typname END,
               pg_catalog.format_type(a.atttypid, a.atttypmod),
               a.attnotnull,
               CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,
               a.attgenerated <> '',
               a.attidentity::text,
               EXISTS (SELECT 1 FROM pg_catalog.pg_depend p JOIN pg_catalog.pg_class s ON s.oid = p.objid AND s.relkind = 'S'
                       WHERE p.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND p.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                         AND p.refobjid = r.oid AND p.refobjsubid = a.attnum AND p.deptype = 'a')
        FROM r
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        ORDER BY r.relname, a.attnum
        """;

    /// <summary>
    /// Per table, its valid unique indexes over columns only (an index with an expression is left out): name, primary
    /// key, partial (<c>WHERE</c>), deferrable (not checked per row: <c>indimmediate</c> false), and the key columns in
    /// index order (<c>INCLUDE</c> columns are not keys).
    /// </summary>
    internal const string IndexesQuery = Relations +
        """

        SELECT r.relname, i.relname, x.indisprimary, x.indpred IS NOT NULL, NOT x.indimmediate,
               ARRAY(SELECT a.attname::text
                     FROM pg_catalog.unnest(x.indkey[0:x.indnkeyatts - 1]) WITH ORDINALITY k(attnum, n)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum
                     ORDER BY k.n)
        FROM r
        JOIN pg_catalog.pg_index x ON x.indrelid = r.oid
        JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
        WHERE x.indisunique AND x.indisvalid AND x.indexprs IS NULL
        """;

    /// <summary>
    /// Reads <paramref name="tables"/> (null: every table of <c>current_schema()</c>) in one round trip, by name
    /// (ordinal order); a named table that does not exist is absent. With <paramref name="serverVersion"/>, also
    /// reads <c>SHOW server_version</c>.
    /// </summary>
    public static async Task<(List<PostgresCatalogTable> Tables, string? ServerVersion)> ReadAsync(
        NpgsqlConnection connection, IReadOnlyCollection<string>? tables, bool serverVersion, CancellationToken cancellationToken)
    {
        var names = tables?.ToArray();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(ColumnsQuery, names));
        batch.BatchCommands.Add(Command(IndexesQuery, names));
        if (serverVersion)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SHOW server_version"));
        }

        var read = new SortedDictionary<string, TableBuilder>(StringComparer.Ordinal);
        string? version = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = reader.GetString(0);
                if (!read.TryGetValue(name, out var table))
                {
                    read.Add(name, table = new TableBuilder(name, reader.GetBoolean(1)));
                }

                if (!reader.IsDBNull(2))
                {
                    table.AddColumn(
                        reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7), reader.GetString(8), reader.GetBoolean(9));
                }
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (read.TryGetValue(reader.GetString(0), out var table))
                {
                    table.Indexes.Add(new SchemaIndex(
                        reader.GetString(1), reader.GetFieldValue<string[]>(5), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4)));
                }
            }

            if (serverVersion && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false)
                && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.GetString(0);
            }
        }

        return (read.Values.Select(static t => t.Build()).ToList(), version);
    }

    private static NpgsqlBatchCommand Command(string sql, string[]? names) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = names is null ? DBNull.Value : names },
        },
    };

    private sealed class TableBuilder(string name, bool rowSecurityBlocksCopy)
    {
        private readonly List<SchemaColumn> _schemaColumns = [];
        private readonly List<CatalogColumn> _columns = [];

        public List<SchemaIndex> Indexes { get; } = [];

        public void AddColumn(string column, string typeName, string declaredType, bool notNull, string? defaultValue, bool generated, string identity, bool ownsSequence)
        {
            var kind = identity switch
            {
                "a" => SchemaIdentity.Always,
                "d" => SchemaIdentity.ByDefault,
                _ => ownsSequence ? SchemaIdentity.ByDefault : SchemaIdentity.None,
            };
            _columns.Add(new CatalogColumn(column, typeName, declaredType, generated, kind == SchemaIdentity.Always));
            _schemaColumns.Add(new SchemaColumn(
                column, declaredType, !notNull, defaultValue, generated, kind, PostgresTypes.ColumnTypesInto(typeName)));
        }

        public PostgresCatalogTable Build()
        {
            // The primary key first, then the unique indexes by name.
            Indexes.Sort(static (a, b) => a.IsPrimaryKey != b.IsPrimaryKey ? (a.IsPrimaryKey ? -1 : 1) : string.CompareOrdinal(a.Name, b.Name));
            return new PostgresCatalogTable(new SchemaTable(name, _schemaColumns, Indexes), _columns, rowSecurityBlocksCopy);
        }
    }
}
