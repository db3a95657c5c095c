namespace BatchFlow;

/// <summary>Raised when a flow ends with rows that failed and no <see cref="BatchFlowOptions{T}.OnFailure"/> handler took them.</summary>
public sealed class BatchFlowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchFlowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatchFlowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the first failure.</summary>
    public BatchFlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How many rows failed and were not taken by a failure handler (none was set, or it threw).</summary>
    public long FailedRows { get; init; }

    /// <summary>Of <see cref="FailedRows"/>, the rows whose failure handler threw instead of taking them.</summary>
    public long HandlerFailedRows { get; init; }
}
