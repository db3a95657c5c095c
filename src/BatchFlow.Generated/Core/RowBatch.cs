using System.Buffers;
using System.Runtime.CompilerServices;

namespace BatchFlow;

/// <summary>One batch being assembled or written: a pooled array, its fill count and its timing.</summary>
internal sealed class RowBatch<T>
{
    private T[]? _rows;

    public RowBatch(int capacity, long firstEnqueuedAt, long deadline)
    {
        _rows = ArrayPool<T>.Shared.Rent(capacity);
        FirstEnqueuedAt = firstEnqueuedAt;
        Deadline = deadline;
    }

    public int Count { get; private set; }

    /// <summary>When the first row was accepted (0 when the queue-wait metric is off).</summary>
    public long FirstEnqueuedAt { get; }

    /// <summary>Timestamp after which the batch must be written even if it is not full.</summary>
    public long Deadline { get; }

    public T[] Rows => _rows ?? throw new ObjectDisposedException(nameof(RowBatch<T>));

    public Memory<T> Memory => Rows.AsMemory(0, Count);

    public void Add(T row) => Rows[Count++] = row;

    /// <summary>Appends <paramref name="rows"/>; the caller keeps them within the batch's capacity.</summary>
    public void AddRange(ReadOnlySpan<T> rows)
    {
        rows.CopyTo(Rows.AsSpan(Count));
        Count += rows.Length;
    }

    /// <summary>Gives the array back to the pool, cleared so that it keeps no rows alive.</summary>
    public void Return()
    {
        var rows = _rows;
        _rows = null;
        if (rows is not null)
        {
            ArrayPool<T>.Shared.Return(rows, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
