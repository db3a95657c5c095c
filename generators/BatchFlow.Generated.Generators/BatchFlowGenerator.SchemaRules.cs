using System;
using System.Collections.Generic;
using System.Linq;
using BatchFlow.Generators.Diagnostics;
using BatchFlow.Generators.Model;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    /// <summary>
    /// The check of one <c>[BatchTable]</c> type against the project's schema snapshots (BFG013–BFG020). The rules of a
    /// provider's type mapping are not here: the snapshot carries, per column, the member types the provider's own
    /// code accepts (<c>accepts=</c>, written by the tool from the code the sink runs), and this only compares.
    /// </summary>
    private static class SchemaRules
    {
        public static EquatableArray<DiagnosticInfo> Check(SchemaFacts? table, EquatableArray<SnapshotModel> snapshots)
        {
            if (table is null || !snapshots.Any(static s => s.Error is null))
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }

            var found = new List<DiagnosticInfo>();
            var matched = false;
            foreach (var snapshot in snapshots)
            {
                if (snapshot.Error is not null || Find(snapshot.Tables, static t => t.Name, table.TableName, snapshot.IgnoresCase) is not { } stored)
                {
                    continue;
                }

                matched = true;
                CheckTable(table, snapshot, stored, found);
            }

            if (!matched)
            {
                var readable = snapshots.Where(static s => s.Error is null).ToList();
                var nearest = NearestName.Find(table.TableName, readable.SelectMany(static s => s.Tables.Select(static t => t.Name)));
                found.Add(Create(
                    DiagnosticDescriptors.TableNotInSnapshot,
                    table.TableLocation,
                    table.TableName,
                    string.Join(", ", readable.Select(static s => s.FileName)),
                    nearest is null ? "" : $" (did you mean '{nearest}'?)"));
            }

            return found.ToEquatableArray();
        }

        private static void CheckTable(SchemaFacts table, SnapshotModel snapshot, SnapshotTableModel stored, List<DiagnosticInfo> found)
        {
            var file = snapshot.FileName;
            var written = new HashSet<string>(snapshot.IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (var column in table.Columns)
            {
                written.Add(column.ColumnName);
                if (Find(stored.Columns, static c => c.Name, column.ColumnName, snapshot.IgnoresCase) is not { } actual)
                {
                    var nearest = NearestName.Find(column.ColumnName, stored.Columns.Select(static c => c.Name));
                    found.Add(Create(DiagnosticDescriptors.ColumnNotInTable, column.Location, column.MemberName, column.ColumnName, stored.Name, file,
                        nearest is null ? "" : $" (did you mean '{nearest}'?)"));
                    continue;
                }

                if (actual.Generated || actual.Identity == "always")
                {
                    found.Add(Create(DiagnosticDescriptors.GeneratedColumnWritten, column.Location, column.MemberName, actual.Name, stored.Name,
                        actual.Generated ? "generated (computed from other columns)" : "an identity column GENERATED ALWAYS", file));
                    continue;
                }

                var kind = column.Kind.ToString();
                if (!actual.Accepts.Contains(kind))
                {
                    found.Add(Create(DiagnosticDescriptors.ColumnTypeMismatch, column.Location, column.MemberName,
                        column.IsEnum ? $"an enum over {kind}" : kind, actual.Name, stored.Name, actual.Type, snapshot.Provider,
                        actual.Accepts.Count == 0 ? "no member type" : "only " + string.Join(", ", actual.Accepts), file));
                }

                if (column.IsNullable && actual.NotNull)
                {
                    found.Add(Create(DiagnosticDescriptors.NullableMemberIntoNotNullColumn, column.Location, column.MemberName, actual.Name, stored.Name, file));
                }
            }

            var cleared = new List<string>();
            foreach (var rest in stored.Columns)
            {
                if (written.Contains(rest.Name))
                {
                    continue;
                }

                if (!rest.HasValueWhenUnwritten)
                {
                    found.Add(Create(DiagnosticDescriptors.RequiredColumnNotWritten, table.TypeLocation, rest.Name, stored.Name, file));
                }
                else if (table.Conflict == ConflictMode.Replace && rest.Default is null && !rest.Generated && rest.Identity is null)
                {
                    cleared.Add(rest.Name);
                }
            }

            if (cleared.Count > 0)
            {
                found.Add(Create(DiagnosticDescriptors.ReplaceClearsColumns, table.ConflictLocation, stored.Name, string.Join(", ", cleared), file));
            }

            if (table.Conflict != ConflictMode.None)
            {
                CheckConflictKey(table, snapshot, stored, found);
            }
        }

        /// <summary>
        /// <c>ON CONFLICT (…)</c> (PostgreSQL, SQLite) names its target columns and needs a unique index on exactly them
        /// that is neither partial nor deferrable; MySQL's <c>ON DUPLICATE KEY</c> fires on any unique index, and ours
        /// must be the one on the key columns. One rule covers all three.
        /// </summary>
        private static void CheckConflictKey(SchemaFacts table, SnapshotModel snapshot, SnapshotTableModel stored, List<DiagnosticInfo> found)
        {
            var comparer = snapshot.IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var keys = new HashSet<string>(table.Columns.Where(static c => c.IsKey).Select(static c => c.ColumnName), comparer);
            if (keys.Count == 0)
            {
                return;
            }

            string? unusable = null;
            foreach (var index in stored.Indexes)
            {
                if (!keys.SetEquals(index.Columns) || index.Columns.Count != keys.Count)
                {
                    continue;
                }

                if (!index.Partial && !index.Deferrable)
                {
                    return;
                }

                unusable ??= $"; index '{index.Name}' has these columns but is {(index.Partial ? "partial" : "deferrable")}, which a conflict clause cannot use";
            }

            var others = stored.Indexes.Count == 0
                ? "; the table has no primary key or unique index"
                : "; it has " + string.Join(", ", stored.Indexes.Select(static i => $"{(i.PrimaryKey ? "primary key" : "unique index")} '{i.Name}' ({string.Join(", ", i.Columns)})"));
            found.Add(Create(DiagnosticDescriptors.ConflictKeyNotUnique, table.ConflictLocation, table.Conflict.ToString(), stored.Name,
                string.Join(", ", table.Columns.Where(static c => c.IsKey).Select(static c => c.ColumnName)), snapshot.FileName, unusable ?? others));
        }

        private static T? Find<T>(EquatableArray<T> items, Func<T, string> name, string wanted, bool ignoreCase)
            where T : class, IEquatable<T>
        {
            T? folded = null;
            foreach (var item in items)
            {
                var candidate = name(item);
                if (string.Equals(candidate, wanted, StringComparison.Ordinal))
                {
                    return item;
                }

                if (ignoreCase && folded is null && string.Equals(candidate, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    folded = item;
                }
            }

            return folded;
        }

        private static DiagnosticInfo Create(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
            new(descriptor, location, new EquatableArray<string>(args));
    }

    /// <summary>The closest of some names to a misspelt one, for "did you mean" in a diagnostic.</summary>
    internal static class NearestName
    {
        /// <summary>
        /// The candidate with the fewest edits (insert, delete, replace, swap two neighbours; case ignored) from
        /// <paramref name="wanted"/>, if it is within a third of its length (at least 1, at most 3); ties go to the first.
        /// </summary>
        public static string? Find(string wanted, IEnumerable<string> candidates)
        {
            var limit = Math.Max(1, Math.Min(3, wanted.Length / 3));
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var candidate in candidates)
            {
                var distance = Distance(wanted.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (distance <= limit && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        /// <summary>Optimal string alignment distance.</summary>
        internal static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (var j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
