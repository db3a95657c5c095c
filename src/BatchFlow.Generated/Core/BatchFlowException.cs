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

    /// <summary>How many rows failed without a handler.</summary>
    public long FailedRows { get; init; }
}
