namespace BatchFlow;

/// <summary>
/// Thrown when an <see cref="IRowOutcomeSink{T}"/> used without a flow could not apply some rows of a batch; the
/// other rows were applied. Inside a flow this exception is never seen: each failed row reaches
/// <see cref="BatchFlowOptions{T}.OnFailure"/> with its own error.
/// </summary>
public sealed class BatchRowsFailedException : Exception
{
    /// <summary>Creates the exception; its inner exception is the first row's error.</summary>
    /// <param name="table">The table written to.</param>
    /// <param name="rows">How many rows the batch held.</param>
    /// <param name="failures">The rows that failed.</param>
    public BatchRowsFailedException(string table, int rows, IReadOnlyList<RowFailure> failures)
        : base(Describe(table, rows, failures), failures is { Count: > 0 } ? failures[0].Error : null)
    {
        Failures = failures;
    }

    /// <summary>The rows that failed, by index in the batch, each with its error.</summary>
    public IReadOnlyList<RowFailure> Failures { get; }

    private static string Describe(string table, int rows, IReadOnlyList<RowFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var first = failures.Count > 0 ? $" The first, row {failures[0].Index}: {failures[0].Error.Message}" : "";
        return $"{failures.Count} of {rows} row(s) written to '{table}' were not applied; the others were.{first}";
    }
}
