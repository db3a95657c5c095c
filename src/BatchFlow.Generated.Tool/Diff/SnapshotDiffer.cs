using BatchFlow.Snapshots;

namespace BatchFlow.Tool.Diff;

/// <summary>
/// Compares a snapshot file with what the database says now, structurally (both parsed or built as
/// <see cref="SnapshotDocument"/>s, never as text), and says each difference the way a person would fix it:
/// "table users: column nickname (text) is in the database but not in the snapshot". The server version is a note,
/// not a difference: a patch upgrade of the server changes no table.
/// </summary>
internal static class SnapshotDiffer
{
    /// <param name="snapshot">The committed file, parsed.</param>
    /// <param name="database">The database as the provider reads it now.</param>
    /// <param name="tables">Compare only these tables (the tool's <c>--table</c> options); null or empty for all.</param>
    public static SnapshotComparison Compare(SnapshotDocument snapshot, SnapshotDocument database, IReadOnlyCollection<string>? tables = null)
    {
        var differences = new List<string>();
        var notes = new List<string>();
        if (!string.Equals(snapshot.Server, database.Server, StringComparison.Ordinal))
        {
            notes.Add($"the snapshot was pulled from server version {Show(snapshot.Server)}; the database reports {Show(database.Server)} (not compared)");
        }

        if (!string.Equals(snapshot.Provider, database.Provider, StringComparison.Ordinal))
        {
            // Every type and rule would differ: one line that says why is worth more than a hundred that follow from it.
            differences.Add($"the snapshot was pulled from a {snapshot.Provider} database, but this is a {database.Provider} database: check it against the database it was pulled from, or pull it again");
            return new SnapshotComparison(differences, notes, 0);
        }

        var filter = tables is { Count: > 0 } ? new HashSet<string>(tables, StringComparer.Ordinal) : null;
        var inSnapshot = ByName(snapshot.Tables, t => t.Name, filter);
        var inDatabase = ByName(database.Tables, t => t.Name, filter);
        var names = inSnapshot.Keys.Union(inDatabase.Keys).Union(filter ?? []).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            inSnapshot.TryGetValue(name, out var expected);
            inDatabase.TryGetValue(name, out var actual);
            switch (expected, actual)
            {
                case (null, null):
                    differences.Add($"table {name} (named by --table) is neither in the database nor in the snapshot");
                    break;
                case (null, not null):
                    differences.Add($"table {name} is in the database but not in the snapshot");
                    break;
                case (not null, null):
                    differences.Add($"table {name} is in the snapshot but not in the database");
                    break;
                default:
                    CompareTable(expected, actual, differences);
                    break;
            }
        }

        return new SnapshotComparison(differences, notes, names.Count);
    }

    private static void CompareTable(SnapshotTable snapshot, SnapshotTable database, List<string> differences)
    {
        var prefix = $"table {database.Name}: ";
        var expectedColumns = ByName(snapshot.Columns, c => c.Name, null);
        var actualColumns = ByName(database.Columns, c => c.Name, null);
        foreach (var column in database.Columns)
        {
            if (expectedColumns.TryGetValue(column.Name, out var expected))
            {
                CompareColumn(expected, column, prefix, differences);
            }
            else
            {
                differences.Add($"{prefix}column {column.Name} ({column.Type}) is in the database but not in the snapshot");
            }
        }

        foreach (var column in snapshot.Columns.Where(c => !actualColumns.ContainsKey(c.Name)))
        {
            differences.Add($"{prefix}column {column.Name} ({column.Type}) is in the snapshot but not in the database");
        }

        // Order matters to a reader of the file and to positional inserts; compare it over the columns both have.
        var databaseOrder = database.Columns.Where(c => expectedColumns.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        var snapshotOrder = snapshot.Columns.Where(c => actualColumns.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (!databaseOrder.SequenceEqual(snapshotOrder, StringComparer.Ordinal))
        {
            differences.Add($"{prefix}the columns are in the order ({string.Join(", ", databaseOrder)}) in the database but ({string.Join(", ", snapshotOrder)}) in the snapshot");
        }

        var expectedIndexes = ByName(snapshot.Indexes, i => i.Name, null);
        var actualIndexes = ByName(database.Indexes, i => i.Name, null);
        foreach (var index in database.Indexes)
        {
            if (expectedIndexes.TryGetValue(index.Name, out var expected))
            {
                CompareIndex(expected, index, prefix, differences);
            }
            else
            {
                differences.Add($"{prefix}{Describe(index)} is in the database but not in the snapshot");
            }
        }

        foreach (var index in snapshot.Indexes.Where(i => !actualIndexes.ContainsKey(i.Name)))
        {
            differences.Add($"{prefix}{Describe(index)} is in the snapshot but not in the database");
        }
    }

    private static void CompareColumn(SnapshotColumn snapshot, SnapshotColumn database, string prefix, List<string> differences)
    {
        var column = $"{prefix}column {database.Name}";
        if (!string.Equals(snapshot.Type, database.Type, StringComparison.Ordinal))
        {
            differences.Add($"{column} has type {database.Type} in the database but {snapshot.Type} in the snapshot");
        }

        if (snapshot.NotNull != database.NotNull)
        {
            differences.Add($"{column} is {Nullability(database.NotNull)} in the database but {Nullability(snapshot.NotNull)} in the snapshot");
        }

        if (!string.Equals(snapshot.Default, database.Default, StringComparison.Ordinal))
        {
            differences.Add($"{column} has {DefaultOf(database.Default)} in the database but {DefaultOf(snapshot.Default)} in the snapshot");
        }

        if (snapshot.Generated != database.Generated)
        {
            differences.Add(database.Generated
                ? $"{column} is generated (computed, not written) in the database but not in the snapshot"
                : $"{column} is not generated in the database but generated in the snapshot");
        }

        if (!string.Equals(snapshot.Identity, database.Identity, StringComparison.Ordinal))
        {
            differences.Add($"{column} is {IdentityOf(database.Identity)} in the database but {IdentityOf(snapshot.Identity)} in the snapshot");
        }

        if (!snapshot.Accepts.SequenceEqual(database.Accepts, StringComparer.Ordinal))
        {
            // The database's column may be unchanged: the provider's type mapping (a package upgrade) is what moved.
            differences.Add($"{column} accepts {AcceptsOf(database.Accepts)} under the provider's type mapping but {AcceptsOf(snapshot.Accepts)} in the snapshot");
        }
    }

    private static void CompareIndex(SnapshotIndex snapshot, SnapshotIndex database, string prefix, List<string> differences)
    {
        if (snapshot.PrimaryKey != database.PrimaryKey)
        {
            differences.Add($"{prefix}index {database.Name} is {(database.PrimaryKey ? "the primary key" : "a unique index")} in the database but {(snapshot.PrimaryKey ? "the primary key" : "a unique index")} in the snapshot");
        }

        var kind = Kind(database);
        if (!snapshot.Columns.SequenceEqual(database.Columns, StringComparer.Ordinal))
        {
            differences.Add($"{prefix}{kind} {database.Name} is on ({string.Join(", ", database.Columns)}) in the database but on ({string.Join(", ", snapshot.Columns)}) in the snapshot");
        }

        if (snapshot.Partial != database.Partial)
        {
            differences.Add($"{prefix}{kind} {database.Name} is {(database.Partial ? "partial (WHERE …)" : "not partial")} in the database but {(snapshot.Partial ? "partial" : "not partial")} in the snapshot");
        }

        if (snapshot.Deferrable != database.Deferrable)
        {
            differences.Add($"{prefix}{kind} {database.Name} is {(database.Deferrable ? "deferrable" : "not deferrable")} in the database but {(snapshot.Deferrable ? "deferrable" : "not deferrable")} in the snapshot");
        }
    }

    private static string Kind(SnapshotIndex index) => index.PrimaryKey ? "primary key" : "unique index";

    private static string Describe(SnapshotIndex index)
    {
        var traits = (index.Partial ? "partial " : "") + (index.Deferrable ? "deferrable " : "");
        return $"{traits}{Kind(index)} {index.Name} ({string.Join(", ", index.Columns)})";
    }

    private static string Nullability(bool notNull) => notNull ? "NOT NULL" : "nullable";

    private static string DefaultOf(string? value) => value is null ? "no default" : $"default {value}";

    private static string IdentityOf(string? identity) => identity is null ? "not an identity column" : $"an identity column ({identity})";

    private static string AcceptsOf(List<string> accepts) => accepts.Count == 0 ? "no member type" : string.Join(",", accepts);

    private static string Show(string value) => value.Length == 0 ? "(none)" : value;

    /// <summary>By name; when a name appears twice (a hand-edited file), the first counts.</summary>
    private static Dictionary<string, T> ByName<T>(IEnumerable<T> items, Func<T, string> name, HashSet<string>? filter)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = name(item);
            if (filter is null || filter.Contains(key))
            {
                map.TryAdd(key, item);
            }
        }

        return map;
    }
}
