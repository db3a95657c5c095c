using System.Text;

namespace BatchFlow.PostgreSql;

/// <summary>
/// The PostgreSQL dialect: every statement the sink sends, built once per flow. Identifiers are always double-quoted
/// (embedded quotes doubled); values never appear in the text, they travel through binary COPY or parameters.
/// </summary>
internal static class PostgresSql
{
    /// <summary>The per-connection temporary table that upserts copy into before merging into the target.</summary>
    internal const string StagingName = "_batchflow_staging";

    /// <summary>
    /// Reads the target's columns: name, type name (a domain's base type), declared type for messages, whether it is
    /// generated, whether it is an identity that refuses explicit values. <c>$1</c> is the quoted table name,
    /// resolved through <c>search_path</c> like the statements are.
    /// </summary>
    internal const string CatalogQuery =
        """
        SELECT a.attname,
               CASE WHEN t.typtype = 'd' THEN b.typname ELSE t.typname END,
               pg_catalog.format_type(a.atttypid, a.atttypmod),
               a.attgenerated <> '',
               a.attidentity = 'a'
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
        WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    /// <summary>
    /// Whether a plain COPY into the table ($1, quoted) can stand in for <c>INSERT … ON CONFLICT ($2, the key
    /// column names) DO NOTHING</c>: the table is an ordinary or partitioned table without row-level security in
    /// force (COPY FROM refuses it), and a unique, non-partial, non-deferrable index on exactly the key columns
    /// exists, so that a stored key makes the COPY fail instead of adding a second row.
    /// </summary>
    internal const string DirectCopyQuery =
        """
        SELECT c.relkind IN ('r', 'p')
               AND NOT (c.relrowsecurity AND (c.relforcerowsecurity OR c.relowner <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)))
               AND EXISTS (
                   SELECT 1
                   FROM pg_catalog.pg_index i
                   WHERE i.indrelid = c.oid AND i.indisunique AND i.indimmediate AND i.indpred IS NULL AND i.indexprs IS NULL
                     AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text)
                          FROM pg_catalog.unnest(i.indkey[0:i.indnkeyatts - 1]) k
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k)
                       = (SELECT array_agg(x ORDER BY x) FROM pg_catalog.unnest($2::text[]) x))
        FROM pg_catalog.pg_class c
        WHERE c.oid = pg_catalog.to_regclass($1)
        """;

    /// <summary>Quotes an identifier with double quotes, doubling any embedded double quote.</summary>
    internal static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Concat("\"", identifier.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
    }

    /// <summary><c>COPY "t" ("a", "b") FROM STDIN (FORMAT BINARY)</c>.</summary>
    internal static string CopyInto(string quotedTarget, IReadOnlyList<ColumnDescription> columns) =>
        new StringBuilder("COPY ").Append(quotedTarget).Append(" (").AppendNames(columns).Append(") FROM STDIN (FORMAT BINARY)").ToString();

    /// <summary><c>COPY "t" (…)</c> into the table itself (<see cref="Conflict.None"/>).</summary>
    internal static string CopyIntoTable(string table, IReadOnlyList<ColumnDescription> columns) => CopyInto(Quote(table), columns);

    /// <summary><c>COPY pg_temp."_batchflow_staging" (…)</c>.</summary>
    internal static string CopyIntoStaging(IReadOnlyList<ColumnDescription> columns) => CopyInto(QuotedStaging, columns);

    /// <summary>
    /// Creates the staging table with exactly the written columns' types (copied from the target, without its
    /// constraints), emptied at every commit. A table of that name left on the session by an earlier user is
    /// dropped first, so its shape is always this table's.
    /// </summary>
    internal static string CreateStaging(string table, IReadOnlyList<ColumnDescription> columns) =>
        new StringBuilder("DROP TABLE IF EXISTS ").Append(QuotedStaging).Append("; CREATE TEMPORARY TABLE ")
            .Append(Quote(StagingName)).Append(" ON COMMIT DELETE ROWS AS SELECT ").AppendNames(columns)
            .Append(" FROM ").Append(Quote(table)).Append(" WITH NO DATA").ToString();

    /// <summary>
    /// Moves the staged rows into the table, following the conflict mode:
    /// <list type="bullet">
    /// <item>Every mode takes the staged rows in key order (<c>ORDER BY "k"</c>), so that concurrent merges lock the
    /// same rows in the same order.</item>
    /// <item><see cref="Conflict.Ignore"/>: <c>ON CONFLICT ("k") DO NOTHING</c>.</item>
    /// <item><see cref="Conflict.Update"/>: <c>ON CONFLICT ("k") DO UPDATE SET "a" = EXCLUDED."a", …</c> over the
    /// written non-key columns (<c>DO NOTHING</c> when every written column is a key column).</item>
    /// <item><see cref="Conflict.Replace"/>: as Update, plus <c>"x" = DEFAULT</c> for every column of the table the
    /// row type does not write (<paramref name="unwritten"/>), so the stored row is what inserting the new row into
    /// an empty table would store. It never deletes: no delete triggers or foreign-key cascades fire.</item>
    /// </list>
    /// </summary>
    internal static string Merge(string table, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IReadOnlyList<string> unwritten)
    {
        if (conflict is not (Conflict.Ignore or Conflict.Update or Conflict.Replace))
        {
            throw new ArgumentOutOfRangeException(nameof(conflict), conflict, "Only Ignore, Update and Replace merge from the staging table.");
        }

        // In key order: concurrent merges then lock the rows they touch in the same order and wait for each other
        // instead of deadlocking (40P01) when their batches hold the same keys in different orders.
        var sql = new StringBuilder("INSERT INTO ").Append(Quote(table)).Append(" (").AppendNames(columns)
            .Append(") SELECT ").AppendNames(columns).Append(" FROM ").Append(QuotedStaging)
            .Append(" ORDER BY ").AppendKeyNames(columns).Append(" ON CONFLICT (").AppendKeyNames(columns).Append(')');
        var assignments = 0;
        if (conflict != Conflict.Ignore)
        {
            foreach (var column in columns)
            {
                if (!column.IsKey)
                {
                    var name = Quote(column.Name);
                    sql.Append(assignments++ == 0 ? " DO UPDATE SET " : ", ").Append(name).Append(" = EXCLUDED.").Append(name);
                }
            }
        }

        if (conflict == Conflict.Replace)
        {
            foreach (var name in unwritten)
            {
                sql.Append(assignments++ == 0 ? " DO UPDATE SET " : ", ").Append(Quote(name)).Append(" = DEFAULT");
            }
        }

        // Nothing to overwrite: the stored row already is the new one.
        return assignments == 0 ? sql.Append(" DO NOTHING").ToString() : sql.ToString();
    }

    private static string QuotedStaging => "pg_temp." + Quote(StagingName);

    private static StringBuilder AppendKeyNames(this StringBuilder sql, IReadOnlyList<ColumnDescription> columns)
    {
        var first = true;
        foreach (var column in columns)
        {
            if (column.IsKey)
            {
                sql.Append(first ? "" : ", ").Append(Quote(column.Name));
                first = false;
            }
        }

        return sql;
    }

    private static StringBuilder AppendNames(this StringBuilder sql, IReadOnlyList<ColumnDescription> columns)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(Quote(columns[i].Name));
        }

        return sql;
    }
}
