namespace BatchFlow;

/// <summary>Settings of a flow of <typeparamref name="T"/> rows, with a typed handler for rows that fail for good.</summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class BatchFlowOptions<T> : BatchFlowOptions
{
    /// <summary>Creates options with the defaults.</summary>
    public BatchFlowOptions()
    {
    }

    /// <summary>
    /// Creates options with every setting of <paramref name="other"/> (for example the options a host bound from
    /// configuration), to which a typed <see cref="OnFailure"/> handler can then be added.
    /// </summary>
    /// <param name="other">The settings to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public BatchFlowOptions(BatchFlowOptions other)
    {
        CopyFrom(other);
        if (other is BatchFlowOptions<T> typed)
        {
            OnFailure = typed.OnFailure;
        }
    }

    /// <summary>
    /// Receives the rows that could not be written, with the exception and the number of attempts. It runs on the
    /// write path: a slow handler slows the flow. An exception it throws is counted and traced, and never stops the flow.
    /// When no handler is set, failed rows are counted and logged, and <c>Completion</c> (and <c>CompleteAsync</c>) ends
    /// with a <see cref="BatchFlowException"/> saying how many rows were lost, so no failure passes unseen.
    /// </summary>
    public Func<BatchFailure<T>, ValueTask>? OnFailure { get; set; }
}
