using System.Buffers;
using System.Runtime.CompilerServices;

namespace BatchFlow;

/// <summary>
/// One batch being assembled or written: a pooled array, its fill count and its timing, and, only once a
/// delivery-confirmed row joins it, a pooled array of receipts beside the rows (the receipt of row <c>i</c> at
/// <c>i</c>, null for rows nobody waits for).
/// </summary>
internal sealed class RowBatch<T>
{
    private T[]? _rows;
    private RowReceipt?[]? _receipts;

    public RowBatch(int capacity, long firstEnqueuedAt, long deadline)
    {
        _rows = ArrayPool<T>.Shared.Rent(capacity);
        FirstEnqueuedAt = firstEnqueuedAt;
        Deadline = deadline;
    }

    public int Count { get; private set; }

    /// <summary>The writer that writes the batch, set when its write starts (the state of the write's work item).</summary>
    public BatchWriter<T>? Writer { get; set; }

    /// <summary>When the first row was accepted (0 when the queue-wait metric is off).</summary>
    public long FirstEnqueuedAt { get; }

    /// <summary>Timestamp after which the batch must be written even if it is not full.</summary>
    public long Deadline { get; }

    public T[] Rows => _rows ?? throw new ObjectDisposedException(nameof(RowBatch<T>));

    public Memory<T> Memory => Rows.AsMemory(0, Count);

    /// <summary>The receipts beside <see cref="Rows"/>, or null when no row of the batch has one.</summary>
    public RowReceipt?[]? Receipts => _receipts;

    public void Add(T row) => Rows[Count++] = row;

    /// <summary>Appends a delivery-confirmed row and its receipt.</summary>
    public void Add(T row, RowReceipt receipt)
    {
        if (_receipts is null)
        {
            // Rented clean (returned cleared), but a rented array may be longer than the rows: clear it all once.
            _receipts = ArrayPool<RowReceipt?>.Shared.Rent(Rows.Length);
            Array.Clear(_receipts);
        }

        _receipts[Count] = receipt;
        Rows[Count++] = row;
    }

    /// <summary>Appends <paramref name="rows"/>; the caller keeps them within the batch's capacity.</summary>
    public void AddRange(ReadOnlySpan<T> rows)
    {
        rows.CopyTo(Rows.AsSpan(Count));
        Count += rows.Length;
    }

    /// <summary>Gives the arrays back to the pool, cleared so that they keep no rows alive; every receipt is settled by then.</summary>
    public void Return()
    {
        var receipts = _receipts;
        _receipts = null;
        if (receipts is not null)
        {
            ArrayPool<RowReceipt?>.Shared.Return(receipts, clearArray: true);
        }

        var rows = _rows;
        _rows = null;
        if (rows is not null)
        {
            ArrayPool<T>.Shared.Return(rows, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
