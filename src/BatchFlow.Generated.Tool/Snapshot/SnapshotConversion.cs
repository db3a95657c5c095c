using BatchFlow.Snapshots;

namespace BatchFlow.Tool.Snapshot;

/// <summary>
/// Turns what a provider read (<see cref="SchemaSnapshot"/>, the core's public model) into the snapshot format's
/// document, in the format's stable order, so two pulls of an unchanged database write the same bytes.
/// </summary>
internal static class SnapshotConversion
{
    public static SnapshotDocument ToDocument(SchemaSnapshot snapshot)
    {
        var tables = snapshot.Tables
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(ToTable)
            .ToList();
        return new SnapshotDocument(snapshot.Provider, snapshot.ServerVersion, tables);
    }

    private static SnapshotTable ToTable(SchemaTable table)
    {
        // Columns keep the table's order (it is part of the schema); indexes: the primary key, then unique indexes by name.
        var columns = table.Columns.Select(ToColumn).ToList();
        var indexes = table.Indexes
            .OrderBy(i => i.IsPrimaryKey ? 0 : 1)
            .ThenBy(i => i.Name, StringComparer.Ordinal)
            .Select(i => new SnapshotIndex(i.Name, i.Columns.ToList(), i.IsPrimaryKey, i.IsPartial, i.IsDeferrable))
            .ToList();
        return new SnapshotTable(table.Name, columns, indexes);
    }

    private static SnapshotColumn ToColumn(SchemaColumn column) => new(
        column.Name,
        column.DatabaseType,
        notNull: !column.IsNullable,
        column.Default,
        column.IsGenerated,
        IdentityName(column.Identity),
        AcceptsNames(column.Accepts));

    /// <summary>The <c>identity=</c> value of the format, or null for none.</summary>
    public static string? IdentityName(SchemaIdentity identity) => identity switch
    {
        SchemaIdentity.None => null,
        SchemaIdentity.ByDefault => "by-default",
        SchemaIdentity.Always => "always",
        _ => throw new ArgumentOutOfRangeException(nameof(identity), identity, "not an identity kind the snapshot format knows"),
    };

    /// <summary><see cref="ColumnType"/> names in the enum's order, each once.</summary>
    public static List<string> AcceptsNames(IEnumerable<ColumnType> accepts) =>
        accepts.Distinct().Order().Select(t => t.ToString()).ToList();
}
