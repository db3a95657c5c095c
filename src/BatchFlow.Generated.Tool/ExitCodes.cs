namespace BatchFlow.Tool;

/// <summary>The tool's exit codes (its README lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Done: the snapshot was written, or <c>--check</c> found it matches.</summary>
    public const int Success = 0;

    /// <summary><c>--check</c>: the snapshot and the database differ (each difference is printed).</summary>
    public const int Differences = 1;

    /// <summary>The command line is wrong: unknown option, missing value, options that do not go together.</summary>
    public const int Usage = 2;

    /// <summary>The database, a DDL file or the snapshot file could not be read (or the snapshot not written).</summary>
    public const int Failure = 3;

    /// <summary>Cancelled (Ctrl+C), as shells report a process ended by SIGINT.</summary>
    public const int Cancelled = 130;
}
