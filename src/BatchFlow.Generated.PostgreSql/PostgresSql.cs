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
