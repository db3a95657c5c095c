namespace BatchFlow;

/// <summary>
/// The per-flow counts behind <see cref="BatchFlowStatus"/>, added per batch, never per row, so that counting costs
/// the hot path nothing. Rows handed to the writer are counted when a batch starts; what is still being written, and
/// (with the queue and the batch being assembled) what was accepted, are derived from the counts, not kept apart.
/// </summary>
internal sealed class FlowCounters
{
    private long _dispatched;
    private long _written;
    private long _deduplicated;
    private long _failed;
    private long _deadLettered;
    private int _failedAttemptsInARow;
    private Exception? _lastError;

    /// <summary>Rows in batches handed to the writer so far.</summary>
    public long Dispatched => Interlocked.Read(ref _dispatched);

    public long Written => Interlocked.Read(ref _written);

    public long Deduplicated => Interlocked.Read(ref _deduplicated);

    public long Failed => Interlocked.Read(ref _failed);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>
    /// Rows in batches handed to the writer and not yet written, collapsed, failed or dead-lettered. The finished counts
    /// are read before the dispatched one, so the difference is never negative.
    /// </summary>
    public long Writing
    {
        get
        {
            var finished = Written + Deduplicated + Failed + DeadLettered;
            return Dispatched - finished;
        }
    }

    public int FailedAttemptsInARow => Volatile.Read(ref _failedAttemptsInARow);

    public Exception? LastError => Volatile.Read(ref _lastError);

    public void StartWriting(int rows) => Interlocked.Add(ref _dispatched, rows);

    public void AddWritten(int rows) => Interlocked.Add(ref _written, rows);

    public void AddDeduplicated(int rows) => Interlocked.Add(ref _deduplicated, rows);

    public void AddFailed(int rows) => Interlocked.Add(ref _failed, rows);

    public void AddDeadLettered(int rows) => Interlocked.Add(ref _deadLettered, rows);

    public void AttemptSucceeded()
    {
        if (Volatile.Read(ref _failedAttemptsInARow) != 0)
        {
            Volatile.Write(ref _failedAttemptsInARow, 0);
        }

        if (Volatile.Read(ref _lastError) is not null)
        {
            Volatile.Write(ref _lastError, null);
        }
    }

    public void AttemptFailed(Exception error)
    {
        Interlocked.Increment(ref _failedAttemptsInARow);
        Volatile.Write(ref _lastError, error);
    }
}
