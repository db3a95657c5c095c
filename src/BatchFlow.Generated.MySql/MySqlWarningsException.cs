using System.Globalization;
using System.Text;

namespace BatchFlow.MySql;

/// <summary>One entry of the server's <c>SHOW WARNINGS</c>.</summary>
/// <param name="Level">The level: <c>Note</c>, <c>Warning</c> or <c>Error</c>.</param>
/// <param name="Code">The server's error number, e.g. 1062 for a duplicate key, 1263 for a NULL into a NOT NULL column.</param>
/// <param name="Message">The server's message.</param>
public sealed record MySqlWarning(string Level, int Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Level} {Code}: {Message}");
}

/// <summary>
/// <c>LOAD DATA LOCAL INFILE</c> turned a batch's data errors into warnings (the server goes on with a changed value or
/// without the row, even in strict mode); the sink rolled the batch back, so none of its rows is stored. Not transient:
/// the flow splits the batch, and a batch of a single row is written with a plain <c>INSERT</c>, whose failure is the
/// server's own error for that row (a <c>MySqlException</c>), so a failure handler sees this exception only when a
/// batch could not be split further.
/// </summary>
public sealed class MySqlWarningsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="table">The table (or staging table) the rows were loaded into, quoted.</param>
    /// <param name="warnings">What <c>SHOW WARNINGS</c> listed.</param>
    /// <param name="warningCount">The server's warning count, which can exceed what was listed.</param>
    public MySqlWarningsException(string table, IReadOnlyList<MySqlWarning> warnings, long warningCount)
        : base(Describe(table, warnings, warningCount))
    {
        ArgumentNullException.ThrowIfNull(warnings);
        Warnings = warnings;
        WarningCount = warningCount;
    }

    /// <summary>What <c>SHOW WARNINGS</c> listed.</summary>
    public IReadOnlyList<MySqlWarning> Warnings { get; }

    /// <summary>The server's warning count for the load.</summary>
    public long WarningCount { get; }

    private static string Describe(string table, IReadOnlyList<MySqlWarning> warnings, long count)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"LOAD DATA into {table} raised {count} warning(s), so the batch was rolled back and nothing of it is stored"));
        for (var i = 0; i < warnings.Count && i < 5; i++)
        {
            text.Append(i == 0 ? ": " : "; ").Append(warnings[i]);
        }

        if (warnings.Count > 5 || count > warnings.Count)
        {
            text.Append("; …");
        }

        return text.Append('.').ToString();
    }
}
