namespace BatchFlow.Tool.Cli;

/// <summary>What <c>batchflow schema pull</c> was asked to do, validated.</summary>
/// <param name="Provider">The database kind.</param>
/// <param name="Connection">The connection string (for SQLite also a bare file path), or null when only DDL files are given (SQLite).</param>
/// <param name="DdlFiles">DDL files to apply, in order, to a scratch database before reading it; empty to read the database as it is.</param>
/// <param name="Tables">The tables to pull or compare; empty for all tables.</param>
/// <param name="Out">The snapshot file to write, or to compare with under <paramref name="Check"/>; <c>-</c> is standard output.</param>
/// <param name="Check">Compare the file with the database instead of writing it.</param>
internal sealed record PullOptions(
    ProviderKind Provider,
    string? Connection,
    IReadOnlyList<string> DdlFiles,
    IReadOnlyList<string> Tables,
    string Out,
    bool Check)
{
    /// <summary>The value of <see cref="Out"/> that means standard output.</summary>
    public const string StandardOutput = "-";

    /// <summary>The tables to hand a schema reader: null for all.</summary>
    public IReadOnlyCollection<string>? TableFilter => Tables.Count == 0 ? null : Tables;
}
