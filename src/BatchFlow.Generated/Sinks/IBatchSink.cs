namespace BatchFlow;

/// <summary>
/// Where a flow's batches go: one provider's write path (the Go design's "executor"). The core calls
/// <see cref="WriteAsync"/> with at most <see cref="BatchFlowOptions.MaxConcurrentFlushes"/> batches at once and
/// owns retry, timeouts, splitting of failed batches, metrics and the failure handler; a sink only writes.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public interface IBatchSink<T> : IAsyncDisposable
{
    /// <summary>The provider's short name, used as the <c>provider</c> tag of metrics and traces (e.g. <c>sqlite</c>).</summary>
    string Provider { get; }

    /// <summary>
    /// The operation a batch write performs, as OpenTelemetry's <c>db.operation.name</c> (spans are named
    /// <c>{operation} {table}</c>). Default: <c>BATCH INSERT</c>; a store with other verbs names its own (e.g. <c>HSET</c>).
    /// </summary>
    string OperationName => "BATCH INSERT";

    /// <summary>The table the sink writes to.</summary>
    TableDescription<T> Table { get; }

    /// <summary>The settings this provider works best with; options the user leaves unset fall back to them.</summary>
    BatchSinkDefaults Defaults => BatchSinkDefaults.Standard;

    /// <summary>
    /// Called once by the flow that owns the sink, before its first write, with what the flow knows that the sink may
    /// need (its clock). A sink used without a flow is never initialized and should work with its own defaults.
    /// Default: nothing.
    /// </summary>
    /// <param name="context">The flow's context.</param>
    void Initialize(BatchSinkContext context)
    {
    }

    /// <summary>
    /// Writes one batch atomically: every row commits, or the call throws and none does. The memory is only valid
    /// for the duration of the call. Duplicate keys have already been collapsed when the table's conflict mode asks for it.
    /// </summary>
    /// <param name="rows">The rows, in submission order.</param>
    /// <param name="cancellationToken">Cancelled when the attempt times out (<see cref="BatchFlowOptions.FlushTimeout"/>).</param>
    ValueTask WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Whether an exception thrown by <see cref="WriteAsync"/> is worth retrying as is (lost connection, deadlock,
    /// serialization failure, lock timeout, busy database). A non-transient failure is not retried; the core splits
    /// the batch instead to find the rows that cause it.
    /// </summary>
    bool IsTransient(Exception exception);

    /// <summary>
    /// Whether a permanent exception thrown by <see cref="WriteAsync"/> concerns the statement or the table rather
    /// than any row (an unknown table or column, a permission denied), so that every row of any batch would fail the
    /// same way. The core then reports the whole batch at once instead of splitting it down to single rows, which
    /// would cost about two writes per row. Answer true only when no row could have caused it. A
    /// <see cref="BatchSchemaException"/> counts as batch-wide without asking. Default: false.
    /// </summary>
    bool IsBatchWide(Exception exception) => false;
}
