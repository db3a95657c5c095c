namespace BatchFlow.Benchmarks.Scaling;

/// <summary>The SQL the relational targets share: quoting, and the statement that recreates a table of any shape.</summary>
internal static class ScalingSql
{
    /// <summary>An identifier quoted as SQL's standard (PostgreSQL, SQLite) quotes it: <c>"name"</c>.</summary>
    public static string DoubleQuote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>An identifier quoted as MySQL and MariaDB quote it: <c>`name`</c>.</summary>
    public static string Backtick(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary><c>DROP TABLE IF EXISTS t; CREATE TABLE t (…)</c>: every column with its type, NOT NULL unless nullable, the key as PRIMARY KEY.</summary>
    public static string Recreate(string table, IReadOnlyList<ColumnDescription> columns, Func<string, string> quote, Func<ColumnType, string> typeName)
    {
        var definitions = string.Join(", ", columns.Select(c => $"{quote(c.Name)} {typeName(c.Type)}{(c.IsNullable ? "" : " NOT NULL")}{(c.IsKey ? " PRIMARY KEY" : "")}"));
        return $"DROP TABLE IF EXISTS {quote(table)}; CREATE TABLE {quote(table)} ({definitions})";
    }
}
