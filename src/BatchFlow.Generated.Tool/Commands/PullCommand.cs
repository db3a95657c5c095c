using BatchFlow.Snapshots;
using BatchFlow.Tool.Cli;
using BatchFlow.Tool.Diff;
using BatchFlow.Tool.Providers;
using BatchFlow.Tool.Snapshot;

namespace BatchFlow.Tool.Commands;

/// <summary><c>batchflow schema pull</c>: read the database, then write the snapshot or (<c>--check</c>) compare with it.</summary>
internal static class PullCommand
{
    public static async Task<int> RunAsync(PullOptions options, TextWriter @out, TextWriter err, CancellationToken ct)
    {
        // With --check, a missing or broken snapshot fails before the database is even asked.
        var committed = options.Check ? await SnapshotFile.ReadAsync(options.Out, ct) : null;
        var snapshot = await SchemaSources.ReadAsync(options, err, ct);
        var document = SnapshotConversion.ToDocument(snapshot);
        var tables = AsTheDatabaseSpellsThem(options.Tables, document);
        return committed is null
            ? await WriteAsync(options, tables, document, @out, err, ct)
            : await CheckAsync(options, tables, committed, document, @out);
    }

    /// <summary>
    /// The <c>--table</c> names as the catalog spells the tables the reader found for them: SQLite (and MySQL on some
    /// systems) match names without case, so <c>--table Users</c> finds <c>users</c>, and the comparison must use that name.
    /// </summary>
    private static List<string> AsTheDatabaseSpellsThem(IReadOnlyList<string> requested, SnapshotDocument database)
    {
        var names = new List<string>(requested.Count);
        foreach (var name in requested)
        {
            var exact = database.Tables.Any(t => string.Equals(t.Name, name, StringComparison.Ordinal));
            var folded = database.Tables.Where(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            names.Add(!exact && folded.Count == 1 ? folded[0].Name : name);
        }

        return names;
    }

    private static async Task<int> WriteAsync(PullOptions options, List<string> tables, SnapshotDocument document, TextWriter @out, TextWriter err, CancellationToken ct)
    {
        var missing = tables.Where(t => !document.Tables.Any(d => string.Equals(d.Name, t, StringComparison.Ordinal))).ToList();
        if (missing.Count > 0)
        {
            throw new ToolException(missing.Count == 1
                ? $"--table {missing[0]}: the database has no such table; nothing was written."
                : $"--table: the database has no tables {string.Join(", ", missing)}; nothing was written.");
        }

        var text = SnapshotText.Write(document);
        var summary = $"{document.Tables.Count} {(document.Tables.Count == 1 ? "table" : "tables")} from {document.Provider} {document.Server}";
        if (options.Out == PullOptions.StandardOutput)
        {
            await @out.WriteAsync(text);
            await err.WriteLineAsync($"batchflow: wrote the snapshot to standard output: {summary}");
        }
        else
        {
            await SnapshotFile.WriteAsync(options.Out, text, ct);
            await @out.WriteLineAsync($"wrote {options.Out}: {summary}");
        }

        if (document.Tables.Count == 0)
        {
            await err.WriteLineAsync("batchflow: warning: the database has no tables; the snapshot lists none.");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> CheckAsync(PullOptions options, List<string> tables, SnapshotDocument committed, SnapshotDocument database, TextWriter @out)
    {
        var comparison = SnapshotDiffer.Compare(committed, database, tables);
        foreach (var note in comparison.Notes)
        {
            await @out.WriteLineAsync($"note: {note}");
        }

        if (comparison.Matches)
        {
            await @out.WriteLineAsync($"{options.Out} matches the database ({comparison.TablesCompared} {(comparison.TablesCompared == 1 ? "table" : "tables")} compared)");
            return ExitCodes.Success;
        }

        var count = comparison.Differences.Count;
        await @out.WriteLineAsync($"{options.Out} does not match the database ({count} {(count == 1 ? "difference" : "differences")}):");
        foreach (var difference in comparison.Differences)
        {
            await @out.WriteLineAsync($"  {difference}");
        }

        await @out.WriteLineAsync("Update the snapshot with the same command without --check (and commit it), or change the database back.");
        return ExitCodes.Differences;
    }
}
