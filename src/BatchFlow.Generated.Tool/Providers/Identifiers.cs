namespace BatchFlow.Tool.Providers;

/// <summary>Identifier quoting for the few statements the tool writes itself (scratch schemas and databases).</summary>
internal static class Identifiers
{
    /// <summary>PostgreSQL: <c>"name"</c>, with <c>"</c> doubled.</summary>
    public static string QuotePostgres(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>MySQL and MariaDB: <c>`name`</c>, with <c>`</c> doubled.</summary>
    public static string QuoteMySql(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}
