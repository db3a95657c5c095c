namespace BatchFlow;

/// <summary>
/// The reason given for rows that were not written when a flow's shutdown deadline passed
/// (<see cref="BatchFlow{T}.CompleteAsync(CancellationToken)"/>): they reach the failure handler with it, or the
/// dead-letter file, so that they are not lost with the process.
/// </summary>
public sealed class BatchFlowDeadlineException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public BatchFlowDeadlineException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatchFlowDeadlineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error of the write the deadline interrupted.</summary>
    public BatchFlowDeadlineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
