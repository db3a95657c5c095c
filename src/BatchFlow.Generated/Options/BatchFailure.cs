namespace BatchFlow;

/// <summary>Rows that could not be written, handed to <see cref="BatchFlowOptions{T}.OnFailure"/>.</summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class BatchFailure<T>
{
    internal BatchFailure(string table, string provider, IReadOnlyList<T> rows, Exception exception, int attempts)
    {
        Table = table;
        Provider = provider;
        Rows = rows;
        Exception = exception;
        Attempts = attempts;
    }

    /// <summary>The table the rows were meant for.</summary>
    public string Table { get; }

    /// <summary>The provider that refused them.</summary>
    public string Provider { get; }

    /// <summary>The rows that failed (a copy the handler may keep).</summary>
    public IReadOnlyList<T> Rows { get; }

    /// <summary>Why they failed: the last exception seen.</summary>
    public Exception Exception { get; }

    /// <summary>How many times the write of these rows was attempted.</summary>
    public int Attempts { get; }
}
