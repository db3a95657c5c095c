namespace BatchFlow;

/// <summary>
/// Thrown by <see cref="BatchFlow{T}.SubmitAndWaitAsync"/> when its row failed for good: the database refused it
/// (after the flow isolated it from the rest of its batch, which was committed), transient errors outlasted every
/// retry, or the shutdown deadline passed before it was written. <see cref="Exception.InnerException"/> is the
/// database's own error (for example a unique or check constraint violation), or a
/// <see cref="BatchFlowDeadlineException"/>.
/// </summary>
/// <remarks>
/// The rows of one failure share one instance. The failure handler (<see cref="BatchFlowOptions{T}.OnFailure"/>) sees
/// the row too; without a handler, a failure that reached its caller does not count as lost at completion.
/// </remarks>
public sealed class BatchDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchDeliveryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BatchDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the database's error.</summary>
    public BatchDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The table the row was to be written to.</summary>
    public string TableName { get; init; } = "";

    /// <summary>The provider the flow writes through (e.g. <c>postgresql</c>).</summary>
    public string ProviderName { get; init; } = "";

    /// <summary>How many write attempts included the row (0 when the shutdown deadline had passed before the first).</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Why the row failed: <see cref="BatchDeliveryFailure.Refused"/> when the database refused the row itself (set it
    /// aside: it fails the same way again), any other value when the row may be sound and can be tried again later.
    /// </summary>
    public BatchDeliveryFailure Reason { get; init; } = BatchDeliveryFailure.Unexpected;
}
