namespace BatchFlow;

/// <summary>
/// The per-flow counts behind <see cref="BatchFlowStatus"/>, added per batch (never per row) so that counting costs
/// the hot path nothing; rows accepted are counted by the single reader as it takes them from the queue.
/// </summary>
internal sealed class FlowCounters
{
    private long _taken;
    private long _written;
    private long _deduplicated;
    private long _failed;
    private long _deadLettered;
    private long _writing;
    private int _failedAttemptsInARow;
    private Exception? _lastError;

    /// <summary>Rows the reader has taken from the queue. Only the reader adds to it.</summary>
    public long Taken => Volatile.Read(ref _taken);

    public long Written => Interlocked.Read(ref _written);

    public long Deduplicated => Interlocked.Read(ref _deduplicated);

    public long Failed => Interlocked.Read(ref _failed);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Rows in batches handed to the writer and not yet written, failed or dead-lettered.</summary>
    public long Writing => Interlocked.Read(ref _writing);

    public int FailedAttemptsInARow => Volatile.Read(ref _failedAttemptsInARow);

    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Called by the single reader only, once per row taken.</summary>
    public void TakeOne() => Volatile.Write(ref _taken, _taken + 1);

    public void StartWriting(int rows) => Interlocked.Add(ref _writing, rows);

    public void AddWritten(int rows)
    {
        Interlocked.Add(ref _written, rows);
        Interlocked.Add(ref _writing, -rows);
    }

    public void AddDeduplicated(int rows)
    {
        Interlocked.Add(ref _deduplicated, rows);
        Interlocked.Add(ref _writing, -rows);
    }

    public void AddFailed(int rows)
    {
        Interlocked.Add(ref _failed, rows);
        Interlocked.Add(ref _writing, -rows);
    }

    public void AddDeadLettered(int rows)
    {
        Interlocked.Add(ref _deadLettered, rows);
        Interlocked.Add(ref _writing, -rows);
    }

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
