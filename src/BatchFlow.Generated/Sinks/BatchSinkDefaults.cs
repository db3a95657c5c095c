namespace BatchFlow;

/// <summary>The settings a provider works best with, used for every <see cref="BatchFlowOptions"/> value left null.</summary>
/// <param name="FlushSize">Rows per batch.</param>
/// <param name="LingerTime">Maximum age of a batch, counted from its first row.</param>
/// <param name="MaxConcurrentFlushes">Batches written at the same time.</param>
public sealed record BatchSinkDefaults(int FlushSize, TimeSpan LingerTime, int MaxConcurrentFlushes)
{
    /// <summary>1,000 rows, 100 ms, 2 concurrent writes.</summary>
    public static BatchSinkDefaults Standard { get; } = new(1_000, TimeSpan.FromMilliseconds(100), 2);
}
