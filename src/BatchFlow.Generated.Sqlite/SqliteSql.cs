using System.Globalization;
using System.Text;

namespace BatchFlow.Sqlite;

/// <summary>
/// The SQLite dialect: the INSERT text for a table description. Names are always quoted; values only ever appear
/// as <c>?</c> parameters, bound in row-major order (row 1's columns, then row 2's, …).
/// </summary>
internal static class SqliteSql
{
    /// <summary>Quotes an identifier with double quotes, doubling any embedded double quote.</summary>
    internal static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return string.Concat("\"", identifier.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
    }

    /// <summary>
    /// The statement that writes <paramref name="rows"/> rows of <paramref name="table"/>, following its conflict mode:
    /// <list type="bullet">
    /// <item><see cref="Conflict.None"/>: <c>INSERT INTO "t" ("a", "b") VALUES (?, ?), …</c></item>
    /// <item><see cref="Conflict.Ignore"/>: the same plus <c>ON CONFLICT ("k") DO NOTHING</c>.</item>
    /// <item><see cref="Conflict.Update"/>: the same plus <c>ON CONFLICT ("k") DO UPDATE SET "a" = excluded."a", …</c>
    /// over the non-key columns (<c>DO NOTHING</c> when every column is a key column).</item>
    /// <item><see cref="Conflict.Replace"/>: <c>INSERT OR REPLACE INTO …</c>: SQLite deletes the conflicting row and
    /// inserts the new one, so columns the row type does not write get their defaults.</item>
    /// </list>
    /// </summary>
    internal static string Insert(TableShape table, int rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);

        var columns = table.Columns;
        var sql = new StringBuilder(64 + (columns.Count * 16) + (rows * columns.Count * 3));
        sql.Append(table.Conflict == Conflict.Replace ? "INSERT OR REPLACE INTO " : "INSERT INTO ");
        sql.Append(Quote(table.Name)).Append(" (");
        AppendNames(sql, columns);
        sql.Append(") VALUES ");

        for (var row = 0; row < rows; row++)
        {
            if (row > 0)
            {
                sql.Append(", ");
            }

            sql.Append('(');
            for (var column = 0; column < columns.Count; column++)
            {
                sql.Append(column == 0 ? "?" : ", ?");
            }

            sql.Append(')');
        }

        switch (table.Conflict)
        {
            case Conflict.None:
            case Conflict.Replace:
                break;
            case Conflict.Ignore:
                AppendConflictTarget(sql, table.KeyColumns).Append(" DO NOTHING");
                break;
            case Conflict.Update when table.NonKeyColumns.Count == 0:
                // Nothing but the key to overwrite: the existing row already is the new one.
                AppendConflictTarget(sql, table.KeyColumns).Append(" DO NOTHING");
                break;
            case Conflict.Update:
                AppendConflictTarget(sql, table.KeyColumns).Append(" DO UPDATE SET ");
                for (var i = 0; i < table.NonKeyColumns.Count; i++)
                {
                    var name = Quote(table.NonKeyColumns[i].Name);
                    sql.Append(i == 0 ? "" : ", ").Append(name).Append(" = excluded.").Append(name);
                }

                break;
            default:
                throw new NotSupportedException($"Conflict mode {table.Conflict} is not supported by the SQLite provider.");
        }

        return sql.ToString();
    }

    /// <summary>
    /// How many rows one statement binds: <paramref name="preferred"/>, lowered so that rows × columns stays within
    /// the connection's parameter limit (<c>SQLITE_LIMIT_VARIABLE_NUMBER</c>).
    /// </summary>
    /// <exception cref="NotSupportedException">One row alone has more columns than the limit allows parameters.</exception>
    internal static int RowsPerStatement(int columns, int variableLimit, int preferred)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(preferred);
        if (columns > variableLimit)
        {
            throw new NotSupportedException(
                $"A row of {columns.ToString(CultureInfo.InvariantCulture)} columns needs more parameters than this SQLite connection allows in one statement ({variableLimit.ToString(CultureInfo.InvariantCulture)}).");
        }

        return Math.Min(preferred, variableLimit / columns);
    }

    private static StringBuilder AppendConflictTarget(StringBuilder sql, IReadOnlyList<ColumnDescription> keys)
    {
        sql.Append(" ON CONFLICT (");
        AppendNames(sql, keys);
        return sql.Append(')');
    }

    private static void AppendNames(StringBuilder sql, IReadOnlyList<ColumnDescription> columns)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(Quote(columns[i].Name));
        }
    }
}
