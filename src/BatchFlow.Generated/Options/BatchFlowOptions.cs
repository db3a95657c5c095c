namespace BatchFlow;

/// <summary>
/// Settings of a flow. Values left null take the provider's defaults (<see cref="IBatchSink{T}.Defaults"/>).
/// To receive rows that fail for good, use <see cref="BatchFlowOptions{T}"/> and set its <see cref="BatchFlowOptions{T}.OnFailure"/>.
/// </summary>
public class BatchFlowOptions
{
    /// <summary>How many rows the queue holds before <c>SubmitAsync</c> waits and <c>TrySubmit</c> returns false. Default 10,000.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>Rows per batch: a batch is written as soon as it holds this many. Null: the provider's default.</summary>
    public int? FlushSize { get; set; }

    /// <summary>
    /// Maximum age of a batch, counted from its first row (not a debounce): a steady trickle is still written
    /// every <see cref="LingerTime"/>. Null: the provider's default.
    /// </summary>
    public TimeSpan? LingerTime { get; set; }

    /// <summary>How many batches may be written at the same time. Null: the provider's default.</summary>
    public int? MaxConcurrentFlushes { get; set; }

    /// <summary>Attempts per batch for transient errors, the first included. Default 5; 1 disables retry.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; each further retry doubles it, with jitter. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the delay between two attempts. Default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed to one write attempt; a timed-out attempt counts as a transient failure. Default 30 s.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a batch that fails for good is split to isolate the rows that cause the failure, so that the
    /// other rows still commit. Default true.
    /// </summary>
    public bool IsolateFailingRows { get; set; } = true;

    /// <summary>The clock used for linger and retry delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
