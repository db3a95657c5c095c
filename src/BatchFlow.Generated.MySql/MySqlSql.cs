using System.Text;

namespace BatchFlow.MySql;

/// <summary>
/// The MySQL and MariaDB dialect: every statement the sink sends, built once per flow (or per session). Identifiers
/// are always quoted with backticks (embedded backticks doubled); values never appear in the text, they travel as
/// LOAD DATA text or as parameters of prepared statements.
/// </summary>
internal static class MySqlSql
{
    /// <summary>The per-connection temporary table that upserts load into before merging into the target.</summary>
    internal const string StagingName = "_batchflow_staging";

    /// <summary>The row alias of upserts on MySQL 8.0.19 and later.</summary>
    internal const string RowAlias = "_batchflow_new";

    /// <summary>
    /// The session's <c>sql_mode</c>, set on every connection the sink opens, whatever the server's default: strict for
    /// every table (a value that does not fit is an error, not a truncated, clamped or zeroed value), no zero or
    /// partly zero dates, division by zero an error, and no silent switch to another storage engine. It also clears
    /// every mode that would change how the sink's statements parse (<c>ANSI_QUOTES</c>, <c>NO_BACKSLASH_ESCAPES</c>,
    /// <c>PAD_CHAR_TO_FULL_LENGTH</c>, …).
    /// </summary>
    internal const string SqlMode = "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    /// <summary>
    /// Run once on each new connection: the strict <see cref="SqlMode"/>; time zone UTC, so a
    /// <see cref="DateTimeOffset"/> written to a <c>TIMESTAMP</c> column is its instant; and the most warnings the
    /// server keeps per statement (65,535), so that every warning of a load can be seen.
    /// </summary>
    internal const string SessionSetup = "SET SESSION sql_mode = '" + SqlMode + "', time_zone = '+00:00', max_error_count = 65535";

    /// <summary>The warnings of the previous statement, and their total count (which can exceed what is listed).</summary>
    internal const string ShowWarnings = "SHOW WARNINGS; SELECT @@warning_count";

    /// <summary>Quotes an identifier with backticks, doubling any embedded backtick.</summary>
    internal static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Concat("`", identifier.Replace("`", "``", StringComparison.Ordinal), "`");
    }

    /// <summary>
    /// Empties the session's staging table before a batch, outside any transaction (so TRUNCATE's implicit commit has
    /// nothing to commit), freeing what the previous batch left, which a DELETE would not.
    /// </summary>
    internal static string TruncateStaging => "TRUNCATE TABLE " + QuotedStaging;

    /// <summary>The quoted staging table.</summary>
    internal static string QuotedStaging => Quote(StagingName);

    /// <summary>
    /// What LOAD DATA names for each written column, and the <c>SET</c> expressions that convert the text of the columns
    /// loaded through a user variable: <c>byte[]</c> and <c>BINARY(16)</c> GUIDs arrive as hex (<c>UNHEX(@v2)</c>),
    /// <c>BIT(1)</c> booleans as a number (<c>CAST(@v3 AS UNSIGNED)</c>; LOAD DATA cannot read a <c>BIT</c> from text).
    /// </summary>
    internal static (List<string> Columns, List<string> Expressions) LoadColumns(IReadOnlyList<ColumnDescription> columns, IReadOnlyList<MySqlColumnFormat> formats)
    {
        var names = new List<string>(columns.Count);
        var expressions = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var variable = "@v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (columns[i].Type == ColumnType.Binary || formats[i].Format == MySqlValueFormat.GuidBinary)
            {
                names.Add(variable);
                expressions.Add($"{Quote(columns[i].Name)} = UNHEX({variable})");
            }
            else if (formats[i].Format == MySqlValueFormat.BooleanBit)
            {
                names.Add(variable);
                expressions.Add($"{Quote(columns[i].Name)} = CAST({variable} AS UNSIGNED)");
            }
            else
            {
                names.Add(Quote(columns[i].Name));
            }
        }

        return (names, expressions);
    }

    /// <summary>
    /// A prepared multi-row insert of <paramref name="rows"/> rows (<c>INSERT INTO `t` (`a`, `b`) VALUES (?, ?), (?, ?)</c>)
    /// with the conflict clause of <see cref="ConflictClause"/>.
    /// </summary>
    internal static string Insert(TableShape table, int rows, IReadOnlyList<string> unwritten, bool rowAlias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var sql = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (").AppendNames(table.Columns).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sql.Append(c == 0 ? "?" : ", ?");
            }

            sql.Append(')');
        }

        if (rowAlias && table.Conflict is Conflict.Update or Conflict.Replace)
        {
            sql.Append(" AS ").Append(Quote(RowAlias));
        }

        return sql.Append(ConflictClause(table, unwritten, rowAlias ? Quote(RowAlias) + "." : null)).ToString();
    }

    /// <summary>
    /// Creates the session's staging table with exactly the written columns' types (copied from the target, with their
    /// NOT NULL, without keys or defaults), dropping one of that name left on the session first. Temporary: private to
    /// the connection and gone with it.
    /// </summary>
    internal static string CreateStaging(TableShape table) =>
        new StringBuilder("DROP TEMPORARY TABLE IF EXISTS ").Append(QuotedStaging).Append("; CREATE TEMPORARY TABLE ").Append(QuotedStaging)
            .Append(" ENGINE=InnoDB SELECT ").AppendNames(table.Columns).Append(" FROM ").Append(Quote(table.Name)).Append(" LIMIT 0").ToString();

    /// <summary>
    /// Moves the staged rows into the table with the conflict clause, in key order (so that concurrent merges lock the
    /// rows they touch in the same order and wait for each other instead of deadlocking). The staging table is emptied
    /// before the next batch with <see cref="TruncateStaging"/>, not here with a DELETE: InnoDB keeps the deleted rows of a
    /// temporary table until the table is dropped or truncated, so every later merge would scan all of them (a long
    /// Update or Replace flow slowed down batch after batch). On MySQL 8.0.19 and later the staged rows are a derived table
    /// <c>_batchflow_new</c>, referred to by the update clause instead of the deprecated <c>VALUES(c)</c>.
    /// </summary>
    internal static string Merge(TableShape table, IReadOnlyList<string> unwritten, bool rowAlias)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (").AppendNames(table.Columns).Append(") ");
        if (rowAlias)
        {
            sql.Append("SELECT * FROM (SELECT ").AppendNames(table.Columns).Append(" FROM ").Append(QuotedStaging).Append(") AS ")
                .Append(Quote(RowAlias)).Append(" ORDER BY ").AppendNames(table.KeyColumns, Quote(RowAlias) + ".");
        }
        else
        {
            sql.Append("SELECT ").AppendNames(table.Columns).Append(" FROM ").Append(QuotedStaging).Append(" ORDER BY ").AppendNames(table.KeyColumns);
        }

        return sql.Append(ConflictClause(table, unwritten, rowAlias ? Quote(RowAlias) + "." : null)).ToString();
    }

    /// <summary>
    /// The <c>ON DUPLICATE KEY UPDATE</c> clause of a conflict mode (empty for <see cref="Conflict.None"/>):
    /// <list type="bullet">
    /// <item><see cref="Conflict.Ignore"/>: <c>`k` = `k`</c>, which changes nothing. Unlike <c>INSERT IGNORE</c> it
    /// skips only a duplicate key: a NULL into NOT NULL, a value out of range or too long, a foreign key that does not
    /// match stay errors.</item>
    /// <item><see cref="Conflict.Update"/>: <c>`c` = VALUES(`c`)</c> (MariaDB, MySQL before 8.0.19) or
    /// <c>`c` = `_batchflow_new`.`c`</c> (<paramref name="newRow"/>) for every written non-key column (<c>`k` = `k`</c>
    /// when there is none).</item>
    /// <item><see cref="Conflict.Replace"/>: as Update, plus <c>`x` = DEFAULT(`x`)</c> for every column of the table the
    /// row type does not write (<paramref name="unwritten"/>), so the row is what inserting the new row into an empty
    /// table would store. Unlike <c>REPLACE INTO</c> it never deletes: no delete trigger or <c>ON DELETE</c> cascade fires.</item>
    /// </list>
    /// </summary>
    internal static string ConflictClause(TableShape table, IReadOnlyList<string> unwritten, string? newRow)
    {
        if (table.Conflict == Conflict.None)
        {
            return "";
        }

        var sql = new StringBuilder(" ON DUPLICATE KEY UPDATE ");
        var assignments = 0;
        if (table.Conflict is Conflict.Update or Conflict.Replace)
        {
            foreach (var column in table.NonKeyColumns)
            {
                var name = Quote(column.Name);
                sql.Append(assignments++ == 0 ? "" : ", ").Append(name).Append(" = ");
                _ = newRow is null ? sql.Append("VALUES(").Append(name).Append(')') : sql.Append(newRow).Append(name);
            }
        }

        if (table.Conflict == Conflict.Replace)
        {
            foreach (var column in unwritten)
            {
                var name = Quote(column);
                sql.Append(assignments++ == 0 ? "" : ", ").Append(name).Append(" = DEFAULT(").Append(name).Append(')');
            }
        }

        if (assignments == 0)
        {
            // Nothing to overwrite: keep the stored row, and touch no other column.
            var key = Quote(table.KeyColumns[0].Name);
            sql.Append(key).Append(" = ").Append(key);
        }

        return sql.ToString();
    }

    private static StringBuilder AppendNames(this StringBuilder sql, IReadOnlyList<ColumnDescription> columns, string prefix = "")
    {
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(prefix).Append(Quote(columns[i].Name));
        }

        return sql;
    }
}
