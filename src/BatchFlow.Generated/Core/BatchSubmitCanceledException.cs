namespace BatchFlow;

/// <summary>
/// Thrown when the token of a bulk submit (<c>SubmitManyAsync</c>, <c>SubmitAllAsync</c>) is cancelled before all its
/// rows were accepted. Rows go in in order: the first <see cref="Accepted"/> rows were accepted and are written (or
/// reported) as any others; the rest were never enqueued.
/// </summary>
public sealed class BatchSubmitCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public BatchSubmitCanceledException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatchSubmitCanceledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BatchSubmitCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a call whose first <paramref name="accepted"/> rows were accepted.</summary>
    /// <param name="message">The message.</param>
    /// <param name="accepted">Leading rows of the call that were accepted.</param>
    /// <param name="innerException">The cancellation that stopped the call, or null.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public BatchSubmitCanceledException(string message, long accepted, Exception? innerException, CancellationToken cancellationToken)
        : base(message, innerException, cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(accepted);
        Accepted = accepted;
    }

    /// <summary>How many leading rows of the call were accepted (and will be written or reported); the rest were not enqueued.</summary>
    public long Accepted { get; }
}
