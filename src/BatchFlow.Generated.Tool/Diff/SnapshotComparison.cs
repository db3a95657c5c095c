namespace BatchFlow.Tool.Diff;

/// <summary>The result of comparing a snapshot file with a database.</summary>
/// <param name="Differences">Each difference in words a person acts on; empty when they match.</param>
/// <param name="Notes">What differs but does not count (the server version).</param>
/// <param name="TablesCompared">How many tables were compared.</param>
internal sealed record SnapshotComparison(IReadOnlyList<string> Differences, IReadOnlyList<string> Notes, int TablesCompared)
{
    public bool Matches => Differences.Count == 0;
}
