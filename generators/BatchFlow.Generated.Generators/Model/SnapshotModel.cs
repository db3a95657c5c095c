namespace BatchFlow.Generators.Model;

/// <summary>
/// One schema snapshot file as the check sees it: equatable, so that the pipeline re-runs the check only when a
/// snapshot's content changes. A file that cannot be read has <see cref="Error"/> set and no tables.
/// </summary>
/// <param name="Path">The file's path.</param>
/// <param name="Provider">The provider it was pulled from (<c>sqlite</c>, <c>postgres</c>, <c>mysql</c>).</param>
/// <param name="Tables">Its tables.</param>
/// <param name="Error">Why the file cannot be read, or null.</param>
/// <param name="ErrorLocation">The line of <paramref name="Error"/> in the file.</param>
internal sealed record SnapshotModel(string Path, string Provider, EquatableArray<SnapshotTableModel> Tables, string? Error = null, LocationInfo? ErrorLocation = null)
{
    /// <summary>Whether the provider compares names without case (MySQL's columns, SQLite's names); PostgreSQL's quoted names are exact.</summary>
    public bool IgnoresCase => Provider is "mysql" or "sqlite";

    public string FileName => BatchFlow.Snapshots.SnapshotText.FileNameOf(Path);
}

/// <summary>One table of a <see cref="SnapshotModel"/>.</summary>
internal sealed record SnapshotTableModel(string Name, EquatableArray<SnapshotColumnModel> Columns, EquatableArray<SnapshotIndexModel> Indexes);

/// <summary>One column of a <see cref="SnapshotTableModel"/>; <paramref name="Identity"/> is <c>always</c>, <c>by-default</c> or null.</summary>
internal sealed record SnapshotColumnModel(string Name, string Type, bool NotNull, string? Default, bool Generated, string? Identity, EquatableArray<string> Accepts)
{
    public bool HasValueWhenUnwritten => !NotNull || Default is not null || Generated || Identity is not null;
}

/// <summary>The primary key or a unique index of a <see cref="SnapshotTableModel"/>.</summary>
internal sealed record SnapshotIndexModel(string Name, EquatableArray<string> Columns, bool PrimaryKey, bool Partial, bool Deferrable);
