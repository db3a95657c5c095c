namespace BatchFlow;

/// <summary>
/// What travels through the flow's channel: a row (with a receipt when its caller waits for its commit), a chunk of
/// rows, or a flush request placed in line with the rows so that <c>FlushAsync</c> covers exactly the rows accepted
/// before it. A struct, so a row costs no allocation.
/// </summary>
/// <remarks>
/// A chunk is a pooled array the flow owns (rows copied out of a bulk submit); the reader copies it into batches and
/// gives the array back to the pool. The receipt, the chunk and the flush request share one field, so a row item stays
/// small.
/// </remarks>
internal readonly struct QueueItem<T>
{
    private readonly object? _special;

    public QueueItem(T row, long enqueuedAt)
    {
        Row = row;
        EnqueuedAt = enqueuedAt;
        _special = null;
        ChunkCount = 0;
    }

    public QueueItem(T row, RowReceipt receipt, long enqueuedAt)
    {
        Row = row;
        EnqueuedAt = enqueuedAt;
        _special = receipt;
        ChunkCount = 0;
    }

    public QueueItem(T[] chunk, int count, long enqueuedAt)
    {
        Row = default!;
        EnqueuedAt = enqueuedAt;
        _special = chunk;
        ChunkCount = count;
    }

    public QueueItem(FlushRequest flush)
    {
        Row = default!;
        EnqueuedAt = 0;
        _special = flush;
        ChunkCount = 0;
    }

    public T Row { get; }

    /// <summary>Timestamp of acceptance (for the queue-wait metric), or 0 when nobody listens.</summary>
    public long EnqueuedAt { get; }

    /// <summary>True for a single row without a receipt (neither confirmed, nor a chunk, nor a flush request).</summary>
    public bool IsRow => _special is null;

    /// <summary>The receipt of a delivery-confirmed row (<see cref="Row"/>), or null.</summary>
    public RowReceipt? Receipt => _special as RowReceipt;

    public FlushRequest? Flush => _special as FlushRequest;

    /// <summary>The chunk's pooled array (rows in its first <see cref="ChunkCount"/> slots), or null.</summary>
    public T[]? Chunk => _special as T[];

    public int ChunkCount { get; }
}
