namespace BatchFlow;

/// <summary>The settings a provider works best with, used for every <see cref="BatchFlowOptions"/> value left null.</summary>
/// <param name="FlushSize">Rows per batch.</param>
/// <param name="LingerTime">Maximum age of a batch, counted from its first row.</param>
/// <param name="MaxConcurrentFlushes">Batches written at the same time.</param>
public sealed record BatchSinkDefaults(int FlushSize, TimeSpan LingerTime, int MaxConcurrentFlushes)
{
    private readonly int? _maxRowsInFlight;

    /// <summary>1,000 rows, 100 ms, 2 concurrent writes.</summary>
    public static BatchSinkDefaults Standard { get; } = new(1_000, TimeSpan.FromMilliseconds(100), 2);

    /// <summary>
    /// The most rows the provider wants in flight across its concurrent writes, or null (the default) for no such limit.
    /// A provider whose writes all share one connection (Redis: one multiplexed socket) gains from several writes in
    /// flight only while each batch is small; with large batches more of them add memory, not speed. When
    /// <see cref="BatchFlowOptions.MaxConcurrentFlushes"/> is left null, the flow writes
    /// <see cref="ConcurrentFlushesFor"/> batches at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxRowsInFlight
    {
        get => _maxRowsInFlight;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxRowsInFlight), value, "BatchSinkDefaults.MaxRowsInFlight must be at least 1, or null for no limit.");
            }

            _maxRowsInFlight = value;
        }
    }

    /// <summary>
    /// The concurrent writes a flow with batches of <paramref name="flushSize"/> rows gets by default:
    /// <see cref="MaxConcurrentFlushes"/>, lowered to <c>MaxRowsInFlight / flushSize</c> (at least 1) when
    /// <see cref="MaxRowsInFlight"/> is set.
    /// </summary>
    /// <param name="flushSize">Rows per batch, at least 1.</param>
    /// <returns>Batches written at the same time, between 1 and <see cref="MaxConcurrentFlushes"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flushSize"/> is less than 1.</exception>
    public int ConcurrentFlushesFor(int flushSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flushSize, 1);
        return MaxRowsInFlight is { } rows
            ? Math.Clamp(rows / flushSize, 1, Math.Max(1, MaxConcurrentFlushes))
            : MaxConcurrentFlushes;
    }
}
