namespace BatchFlow;

/// <summary>
/// The rows of one attempt that an <see cref="IRowOutcomeSink{T}"/> could not apply, each with its error. The core
/// gives the sink an empty instance per attempt; a row that is not named here counts as applied.
/// </summary>
/// <remarks>Safe to call from several threads (a sink may record failures from its commands' continuations).</remarks>
public sealed class RowOutcomes
{
    private readonly List<RowFailure> _failures = [];
    private readonly HashSet<int> _indexes = [];

    /// <summary>How many rows have been recorded as failed.</summary>
    public int Count
    {
        get
        {
            lock (_failures)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>The failed rows so far, in index order.</summary>
    public IReadOnlyList<RowFailure> Failures
    {
        get
        {
            lock (_failures)
            {
                var copy = _failures.ToArray();
                Array.Sort(copy, static (a, b) => a.Index.CompareTo(b.Index));
                return copy;
            }
        }
    }

    /// <summary>Records that the row at <paramref name="index"/> was not applied, and why.</summary>
    /// <param name="index">The row's index in the batch passed to the sink.</param>
    /// <param name="error">The store's error for that row; transient if the row's outcome is unknown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The row has already been recorded.</exception>
    public void Fail(int index, Exception error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(error);
        lock (_failures)
        {
            if (!_indexes.Add(index))
            {
                throw new InvalidOperationException($"Row {index} of the batch has already been recorded as failed.");
            }

            _failures.Add(new RowFailure(index, error));
        }
    }

    internal void Clear()
    {
        lock (_failures)
        {
            _failures.Clear();
            _indexes.Clear();
        }
    }
}

/// <summary>One row of a batch that a sink could not apply (<see cref="RowOutcomes"/>).</summary>
/// <param name="Index">The row's index in the batch passed to the sink.</param>
/// <param name="Error">The store's error for that row.</param>
public readonly record struct RowFailure(int Index, Exception Error);
