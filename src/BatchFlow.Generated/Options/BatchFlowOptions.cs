using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// Where the flow logs (category <c>BatchFlow</c>): retries, rows failed with no handler, a handler that throws, a
    /// flow completed with rows lost, a shutdown deadline reached. Null: no logging (the hosting package sets the
    /// host's factory). Failures are never only logged: they also reach <c>Completion</c> and the metrics.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Creates the flow's <c>BatchFlow</c> meter, so that a host's metrics stay with the host (the hosting package sets
    /// the host's factory). Null: the process-wide meter.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// A directory for the dead-letter files of rows that were not written when the shutdown deadline passed
    /// (<see cref="BatchFlow{T}.CompleteAsync(CancellationToken)"/>, or the process-exit safety net). Null (the default):
    /// those rows go to <see cref="BatchFlowOptions{T}.OnFailure"/> with a <see cref="BatchFlowDeadlineException"/>
    /// instead. Replay a file's rows later with <see cref="BatchFlowDeadLetters.ReplayAsync{T}"/>.
    /// </summary>
    public string? DeadLetterDirectory { get; set; }

    /// <summary>
    /// How long the process-exit safety net waits for a flow that its owner never completed (no host, no
    /// <c>DisposeAsync</c>) to write what it holds when the process exits normally; rows still unwritten then count as
    /// at a shutdown deadline. Default 10 s. <see cref="TimeSpan.Zero"/> turns the safety net off for this flow.
    /// </summary>
    public TimeSpan ProcessExitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Copies every setting of <paramref name="other"/> into this instance (the failure handler excepted).</summary>
    /// <param name="other">The settings to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public void CopyFrom(BatchFlowOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Capacity = other.Capacity;
        FlushSize = other.FlushSize;
        LingerTime = other.LingerTime;
        MaxConcurrentFlushes = other.MaxConcurrentFlushes;
        MaxAttempts = other.MaxAttempts;
        RetryBaseDelay = other.RetryBaseDelay;
        RetryMaxDelay = other.RetryMaxDelay;
        FlushTimeout = other.FlushTimeout;
        IsolateFailingRows = other.IsolateFailingRows;
        TimeProvider = other.TimeProvider;
        LoggerFactory = other.LoggerFactory;
        MeterFactory = other.MeterFactory;
        DeadLetterDirectory = other.DeadLetterDirectory;
        ProcessExitTimeout = other.ProcessExitTimeout;
    }

    /// <summary>
    /// The problems with these settings, one sentence each naming the option; empty when they are valid. A flow refuses
    /// options with problems (<see cref="ArgumentOutOfRangeException"/>); the hosting package checks them at start.
    /// Values left null are checked when the flow fills them from its provider's defaults.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool valid, string name, object? value, string rule)
        {
            if (!valid)
            {
                problems.Add($"BatchFlowOptions.{name} must be {rule} (it is {value ?? "null"}).");
            }
        }

        Check(Capacity >= 1, nameof(Capacity), Capacity, "at least 1");
        Check(FlushSize is null or >= 1, nameof(FlushSize), FlushSize, "at least 1");
        Check(LingerTime is null || LingerTime > TimeSpan.Zero, nameof(LingerTime), LingerTime, "greater than zero");
        Check(MaxConcurrentFlushes is null or >= 1, nameof(MaxConcurrentFlushes), MaxConcurrentFlushes, "at least 1");
        Check(MaxAttempts >= 1, nameof(MaxAttempts), MaxAttempts, "at least 1");
        Check(RetryBaseDelay >= TimeSpan.Zero, nameof(RetryBaseDelay), RetryBaseDelay, "zero or more");
        Check(RetryMaxDelay >= RetryBaseDelay, nameof(RetryMaxDelay), RetryMaxDelay, "at least RetryBaseDelay");
        Check(FlushTimeout > TimeSpan.Zero || FlushTimeout == Timeout.InfiniteTimeSpan, nameof(FlushTimeout), FlushTimeout, "greater than zero, or Timeout.InfiniteTimeSpan");
        Check(ProcessExitTimeout >= TimeSpan.Zero, nameof(ProcessExitTimeout), ProcessExitTimeout, "zero or more");
        Check(TimeProvider is not null, nameof(TimeProvider), TimeProvider, "set");
        Check(DeadLetterDirectory is null || DeadLetterDirectory.Trim().Length > 0, nameof(DeadLetterDirectory), DeadLetterDirectory, "null or a directory path");
        return problems;
    }
}
