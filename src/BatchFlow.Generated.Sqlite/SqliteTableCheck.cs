using System.Text;

namespace BatchFlow.Sqlite;

/// <summary>
/// The sink's check before its first batch: every written column exists, is not generated, and
/// stores the member's values exactly as they are bound (<see cref="SqliteTypes"/>). SQLite converts a value that does
/// not fit its column without a word, so this is the only place such a row type is caught.
/// </summary>
internal static class SqliteTableCheck
{
    /// <summary>
    /// Checks <paramref name="shape"/> against <paramref name="table"/>, its catalog read. When the read found no table
    /// of that name, preparing the INSERT decides, as it did before this check: it fails with SQLite's own
    /// <c>no such table</c> (a <see cref="BatchSchemaException"/>), or succeeds for a view that takes inserts through
    /// an <c>INSTEAD OF</c> trigger, whose columns have no affinity to check.
    /// </summary>
    /// <exception cref="BatchSchemaException">A column is missing, generated, or does not store what the row type writes into it exactly.</exception>
    public static void Check(TableShape shape, SqliteCatalogTable? table)
    {
        if (table is null)
        {
            return;
        }

        // SQLite compares column names without case.
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < table.Schema.Columns.Count; i++)
        {
            byName[table.Schema.Columns[i].Name] = i;
        }

        var problems = new StringBuilder();
        foreach (var column in shape.Columns)
        {
            if (!byName.TryGetValue(column.Name, out var index))
            {
                Problem(problems, $"it has no column named {SqliteSql.Quote(column.Name)} (member {column.MemberName})");
                continue;
            }

            var actual = table.Schema.Columns[index];
            if (actual.IsGenerated)
            {
                Problem(problems, $"column {SqliteSql.Quote(actual.Name)} is generated and cannot be written (member {column.MemberName}; mark it [BatchIgnore])");
                continue;
            }

            // The same rule a schema snapshot's accepts are read with.
            if (SqliteTypes.Problem(column.Type, table.Types[index]) is { } problem)
            {
                Problem(problems, $"column {SqliteSql.Quote(actual.Name)} {problem} (member {column.MemberName}{(column.IsEnum ? ", an enum" : "")})");
            }
        }

        if (problems.Length > 0)
        {
            throw new BatchSchemaException(
                $"Table {SqliteSql.Quote(shape.Name)} cannot be written: {problems}. The flow checks every column before it writes, so that SQLite never stores a value other than the one written (see the SQLite provider's README, \"Which member types go into which columns\").");
        }
    }

    private static void Problem(StringBuilder problems, string problem) =>
        problems.Append(problems.Length == 0 ? "" : "; ").Append(problem);
}
