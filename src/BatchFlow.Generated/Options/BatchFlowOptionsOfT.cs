namespace BatchFlow;

/// <summary>Settings of a flow of <typeparamref name="T"/> rows, with a typed handler for rows that fail for good.</summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class BatchFlowOptions<T> : BatchFlowOptions
{
    /// <summary>
    /// Receives the rows that could not be written, with the exception and the number of attempts. It runs on the
    /// write path: a slow handler slows the flow. An exception it throws is counted and traced, and never stops the flow.
    /// When no handler is set, failed rows are counted, and <c>CompleteAsync</c> and <c>DisposeAsync</c> end with a
    /// <see cref="BatchFlowException"/> saying how many rows were lost, so no failure passes unseen.
    /// </summary>
    public Func<BatchFailure<T>, ValueTask>? OnFailure { get; set; }
}
