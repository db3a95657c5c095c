namespace BatchFlow;

/// <summary>
/// A snapshot of one flow (<see cref="IBatchFlow.GetStatus"/>). Rows accepted end up written, collapsed into another
/// row of the same key, failed, or dead-lettered, or are still held:
/// <c>Accepted = Written + Deduplicated + Failed + DeadLettered + Held</c> (each count read at a slightly different
/// instant while the flow runs; exact once it has completed).
/// </summary>
public readonly record struct BatchFlowStatus
{
    /// <summary>Rows accepted by <c>SubmitAsync</c>/<c>TrySubmit</c> so far.</summary>
    public long Accepted { get; init; }

    /// <summary>Rows committed.</summary>
    public long Written { get; init; }

    /// <summary>Rows collapsed into a later or earlier row of the same key inside one batch (the conflict mode decides which one is written).</summary>
    public long Deduplicated { get; init; }

    /// <summary>Rows that failed for good: handed to the failure handler, or lost when there is none or it threw.</summary>
    public long Failed { get; init; }

    /// <summary>Rows written to a dead-letter file at the shutdown deadline.</summary>
    public long DeadLettered { get; init; }

    /// <summary>Rows waiting in the queue.</summary>
    public long Queued { get; init; }

    /// <summary>Rows held by the flow: queued, in the batch being assembled, and in batches being written.</summary>
    public long Held { get; init; }

    /// <summary>The queue's size (<see cref="BatchFlowOptions.Capacity"/>).</summary>
    public int Capacity { get; init; }

    /// <summary>Write attempts that failed since the last one that succeeded (0 while writes succeed).</summary>
    public int FailedAttemptsInARow { get; init; }

    /// <summary>The error of the last failed write attempt, or null when the last attempt succeeded or none was made.</summary>
    public Exception? LastError { get; init; }

    /// <summary>Whether completion has begun.</summary>
    public bool IsCompleting { get; init; }
}
