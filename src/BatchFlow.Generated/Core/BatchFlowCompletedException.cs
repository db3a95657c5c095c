namespace BatchFlow;

/// <summary>Thrown when a row is submitted to a flow that has been completed or disposed.</summary>
public sealed class BatchFlowCompletedException : InvalidOperationException
{
    /// <summary>
    /// For a bulk submit (<c>SubmitManyAsync</c>, <c>SubmitAllAsync</c>) that the flow's completion interrupted: how many
    /// leading rows of the call were accepted before it; those are written (or reported) as any others, the rest were
    /// never enqueued. 0 for a single-row submit.
    /// </summary>
    public long Accepted { get; internal set; }

    /// <summary>Creates the exception.</summary>
    public BatchFlowCompletedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatchFlowCompletedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BatchFlowCompletedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
