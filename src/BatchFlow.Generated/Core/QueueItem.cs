namespace BatchFlow;

/// <summary>
/// What travels through the flow's channel: a row, or a flush request placed in line with the rows so that
/// <c>FlushAsync</c> covers exactly the rows accepted before it. A struct, so a row costs no allocation.
/// </summary>
internal readonly struct QueueItem<T>
{
    public QueueItem(T row, long enqueuedAt)
    {
        Row = row;
        EnqueuedAt = enqueuedAt;
        Flush = null;
    }

    public QueueItem(FlushRequest flush)
    {
        Row = default!;
        EnqueuedAt = 0;
        Flush = flush;
    }

    public T Row { get; }

    /// <summary>Timestamp of acceptance (for the queue-wait metric), or 0 when nobody listens.</summary>
    public long EnqueuedAt { get; }

    public FlushRequest? Flush { get; }
}
