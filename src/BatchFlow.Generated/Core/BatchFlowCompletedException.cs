namespace BatchFlow;

/// <summary>Thrown when a row is submitted to a flow that has been completed or disposed.</summary>
public sealed class BatchFlowCompletedException : InvalidOperationException
{
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
