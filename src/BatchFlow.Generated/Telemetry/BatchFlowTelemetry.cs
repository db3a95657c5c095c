using System.Diagnostics;
using System.Reflection;

namespace BatchFlow;

/// <summary>
/// The names under which flows report. The <see cref="System.Diagnostics.Metrics.Meter"/> and the
/// <see cref="ActivitySource"/> are both called <c>BatchFlow</c>, versioned with the package. Names and tags follow
/// OpenTelemetry's database semantic conventions where one exists (<c>db.system.name</c>, <c>db.collection.name</c>,
/// <c>db.operation.name</c>, <c>error.type</c>, <c>db.client.operation.duration</c>); the batching measurements, which have
/// no convention, are named <c>batchflow.*</c>. Every measurement carries <c>db.system.name</c> (the provider, e.g.
/// <c>postgresql</c>) and <c>db.collection.name</c> (the table).
/// </summary>
public static class BatchFlowTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>BatchFlow</c>.</summary>
    public const string Name = "BatchFlow";

    /// <summary>Tag: the database system (the provider), e.g. <c>sqlite</c>, <c>postgresql</c>.</summary>
    public const string SystemTag = "db.system.name";
    /// <summary>Tag: the table.</summary>
    public const string CollectionTag = "db.collection.name";
    /// <summary>Tag: the operation, e.g. <c>BATCH INSERT</c> (spans and <see cref="OperationDuration"/>).</summary>
    public const string OperationTag = "db.operation.name";
    /// <summary>Tag: the rows in the batch (spans).</summary>
    public const string BatchSizeTag = "db.operation.batch.size";
    /// <summary>Tag: present only on failures; the full name of the exception's type (or <c>timeout</c>).</summary>
    public const string ErrorTypeTag = "error.type";
    /// <summary>Tag of <see cref="RowsRejected"/>: <c>queue_full</c>, <c>cancelled</c> or <c>completed</c>.</summary>
    public const string RejectionReasonTag = "batchflow.rejection.reason";

    /// <summary>
    /// Seconds one write attempt took, in the shape of OpenTelemetry's <c>db.client.operation.duration</c> (unit
    /// <c>s</c>, tags <c>db.system.name</c>, <c>db.collection.name</c>, <c>db.operation.name</c>, and <c>error.type</c>
    /// when the attempt failed). One measurement per attempt: a retried batch records each attempt.
    /// </summary>
    public const string OperationDuration = "db.client.operation.duration";
    /// <summary>Rows accepted by <c>SubmitAsync</c>/<c>TrySubmit</c>.</summary>
    public const string RowsSubmitted = "batchflow.rows.submitted";
    /// <summary>Rows committed to the database.</summary>
    public const string RowsWritten = "batchflow.rows.written";
    /// <summary>Rows that failed for good and went to the failure handler (or the unhandled count).</summary>
    public const string RowsFailed = "batchflow.rows.failed";
    /// <summary>Rows not written by the shutdown deadline that went to the dead-letter file instead.</summary>
    public const string RowsDeadLettered = "batchflow.rows.dead_lettered";
    /// <summary>Rows refused at the door, tagged <see cref="RejectionReasonTag"/>.</summary>
    public const string RowsRejected = "batchflow.rows.rejected";
    /// <summary>Rows collapsed into another row of the same key inside one batch (Ignore/Update/Replace).</summary>
    public const string RowsDeduplicated = "batchflow.rows.deduplicated";
    /// <summary>Rows held by a flow (observed): queued, in the batch being assembled, and in batches being written.</summary>
    public const string RowsHeld = "batchflow.rows.held";
    /// <summary>Rows per batch handed to the sink.</summary>
    public const string BatchSize = "batchflow.batch.size";
    /// <summary>Seconds to write one batch, retries and isolation included; tagged <c>error.type</c> when rows failed.</summary>
    public const string FlushDuration = "batchflow.flush.duration";
    /// <summary>Seconds the oldest row of a batch waited between acceptance and the start of its write.</summary>
    public const string QueueWait = "batchflow.queue.wait";
    /// <summary>Write attempts repeated after a transient error.</summary>
    public const string Retries = "batchflow.retries";
    /// <summary>Batches being written right now.</summary>
    public const string WritesInFlight = "batchflow.writes.in_flight";
    /// <summary>Exceptions thrown by the user's failure handler (counted, never rethrown).</summary>
    public const string HandlerErrors = "batchflow.failure_handler.errors";

    /// <summary>The package version the meter and activity source carry, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } = ReadVersion();

    internal static readonly ActivitySource ActivitySource = new(Name, Version);

    private static string ReadVersion()
    {
        var assembly = typeof(BatchFlowTelemetry).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        // "0.1.0+<commit>": the build metadata is not part of the version users compare.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
