using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BatchFlow;

/// <summary>
/// The names under which flows report: the <see cref="Meter"/> and <see cref="ActivitySource"/> are both called
/// <c>BatchFlow</c>; every measurement carries the tags <c>table</c> and <c>provider</c>.
/// </summary>
public static class BatchFlowTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>BatchFlow</c>.</summary>
    public const string Name = "BatchFlow";

    /// <summary>Rows accepted by <c>SubmitAsync</c>/<c>TrySubmit</c>.</summary>
    public const string RowsSubmitted = "batchflow.rows.submitted";
    /// <summary>Rows committed to the database.</summary>
    public const string RowsWritten = "batchflow.rows.written";
    /// <summary>Rows that failed for good and went to the failure handler (or the unhandled count).</summary>
    public const string RowsFailed = "batchflow.rows.failed";
    /// <summary>Rows refused at the door, tagged <c>reason</c>: <c>queue_full</c>, <c>cancelled</c> or <c>completed</c>.</summary>
    public const string RowsRejected = "batchflow.rows.rejected";
    /// <summary>Rows collapsed into another row of the same key inside one batch (Ignore/Update/Replace).</summary>
    public const string RowsDeduplicated = "batchflow.rows.deduplicated";
    /// <summary>Rows per batch handed to the sink.</summary>
    public const string BatchSize = "batchflow.batch.size";
    /// <summary>Seconds to write one batch, retries and isolation included; tagged <c>outcome</c>.</summary>
    public const string FlushDuration = "batchflow.flush.duration";
    /// <summary>Rows waiting in the queue (observed).</summary>
    public const string QueueDepth = "batchflow.queue.depth";
    /// <summary>Seconds the oldest row of a batch waited between acceptance and the start of its write.</summary>
    public const string QueueWait = "batchflow.queue.wait";
    /// <summary>Write attempts repeated after a transient error.</summary>
    public const string Retries = "batchflow.retries";
    /// <summary>Batches being written right now.</summary>
    public const string WritesInFlight = "batchflow.writes.in_flight";
    /// <summary>Exceptions thrown by the user's failure handler (counted, never rethrown).</summary>
    public const string HandlerErrors = "batchflow.failure_handler.errors";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(BatchFlowTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Meter Meter = new(Name, typeof(BatchFlowTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Submitted = Meter.CreateCounter<long>(RowsSubmitted, "{row}", "Rows accepted into the queue.");
    internal static readonly Counter<long> Written = Meter.CreateCounter<long>(RowsWritten, "{row}", "Rows committed.");
    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>(RowsFailed, "{row}", "Rows that failed for good.");
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>(RowsRejected, "{row}", "Rows refused at submission.");
    internal static readonly Counter<long> Deduplicated = Meter.CreateCounter<long>(RowsDeduplicated, "{row}", "Rows collapsed by key inside a batch.");
    internal static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>(BatchSize, "{row}", "Rows per batch.");
    internal static readonly Histogram<double> FlushDurations = Meter.CreateHistogram<double>(FlushDuration, "s", "Time to write one batch.");
    internal static readonly Histogram<double> QueueWaits = Meter.CreateHistogram<double>(QueueWait, "s", "Age of a batch's oldest row when its write starts.");
    internal static readonly Counter<long> RetryCount = Meter.CreateCounter<long>(Retries, "{attempt}", "Attempts repeated after a transient error.");
    internal static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>(WritesInFlight, "{batch}", "Batches being written.");
    internal static readonly Counter<long> HandlerFailures = Meter.CreateCounter<long>(HandlerErrors, "{exception}", "Exceptions thrown by failure handlers.");

    private static readonly ConcurrentDictionary<IQueueDepthSource, byte> s_queues = new();

    static BatchFlowTelemetry()
    {
        Meter.CreateObservableGauge(QueueDepth, ObserveQueueDepths, "{row}", "Rows waiting in the queue.");
    }

    internal static void Track(IQueueDepthSource queue) => s_queues.TryAdd(queue, 0);

    internal static void Untrack(IQueueDepthSource queue) => s_queues.TryRemove(queue, out _);

    private static IEnumerable<Measurement<long>> ObserveQueueDepths()
    {
        foreach (var queue in s_queues.Keys)
        {
            yield return new Measurement<long>(queue.QueueDepth, queue.Tags);
        }
    }
}

/// <summary>A flow whose queue depth the observable gauge reads.</summary>
internal interface IQueueDepthSource
{
    long QueueDepth { get; }

    KeyValuePair<string, object?>[] Tags { get; }
}
