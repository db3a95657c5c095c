using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace BatchFlow;

/// <summary>
/// Writes batches through the sink, at most <see cref="FlowSettings.MaxConcurrentFlushes"/> at once, each on the
/// thread pool: collapses duplicate keys, retries transient failures with backoff under a per-attempt timeout,
/// splits a batch that fails for good to isolate the rows that cause it, and reports those rows. A write task
/// never faults: every row ends committed or reported.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The slot semaphore never creates its wait handle, so it holds nothing to free; not disposing it lets a linger-timer slot that arrives after the flow ends be given back safely.")]
internal sealed partial class BatchWriter<T>
{
    private readonly IBatchSink<T> _sink;
    private readonly FlowSettings _settings;
    private readonly FlowTags _tags;
    private readonly FailureReporter<T> _failures;
    private readonly FlowCounters _counters;
    private readonly FlowInstruments _instruments;
    private readonly KeyCollapser<T>? _collapser;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationToken _deadline;
    private readonly object _gate = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly Stack<AttemptTimer> _timers = new();

    // deadline: cancelled when the shutdown deadline passes; attempts under way are cancelled, retries stop, and rows
    // not yet written are abandoned (dead-lettered or reported).
    public BatchWriter(IBatchSink<T> sink, FlowSettings settings, FlowTags tags, FailureReporter<T> failures, FlowCounters counters, CancellationToken deadline)
    {
        _sink = sink;
        _settings = settings;
        _tags = tags;
        _failures = failures;
        _counters = counters;
        _instruments = settings.Instruments;
        _deadline = deadline;
        _collapser = KeyCollapser<T>.For(sink.Table);
        _slots = new SemaphoreSlim(settings.MaxConcurrentFlushes, settings.MaxConcurrentFlushes);
    }

    /// <summary>
    /// Waits until a write slot is free. A batch is handed to <see cref="Start"/> only with a slot, so a busy sink
    /// slows the reader down and, through the bounded queue, the producers.
    /// </summary>
    public ValueTask<WriteSlot> AcquireSlotAsync() =>
        _slots.Wait(0) ? new ValueTask<WriteSlot>(new WriteSlot(this)) : WaitForSlotAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<WriteSlot> WaitForSlotAsync()
    {
        await _slots.WaitAsync().ConfigureAwait(false);
        return new WriteSlot(this);
    }

    /// <summary>Gives back a slot from <see cref="AcquireSlotAsync"/> that was not used for a write.</summary>
    public void Release(WriteSlot slot)
    {
        slot.CheckOwner(this);
        _slots.Release();
    }

    /// <summary>Starts writing <paramref name="batch"/> on the thread pool with the slot it consumes; the write frees the slot when it ends.</summary>
    /// <param name="slot">A slot from <see cref="AcquireSlotAsync"/>, not yet used or released.</param>
    /// <param name="batch">The batch; the writer returns its array to the pool.</param>
    public void Start(WriteSlot slot, RowBatch<T> batch)
    {
        slot.CheckOwner(this);
        _counters.StartWriting(batch.Count);
        Task task;
        lock (_gate)
        {
            // Started as Task.Run would (thread pool, no child attach), without a closure: the batch carries the state.
            batch.Writer = this;
            task = Task.Factory.StartNew(
                static state => ((RowBatch<T>)state!).Writer!.WriteBatchAsync((RowBatch<T>)state!),
                batch,
                CancellationToken.None,
                TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default).Unwrap();
            _inFlight.Add(task);
        }

        task.ContinueWith(
            static (finished, state) => ((BatchWriter<T>)state!).Forget(finished),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The writes started so far and not yet finished.</summary>
    public Task[] InFlight()
    {
        lock (_gate)
        {
            return [.. _inFlight];
        }
    }

    /// <summary>Returns when every write started so far, and any started meanwhile, has finished.</summary>
    public async Task DrainAsync()
    {
        for (var writes = InFlight(); writes.Length > 0; writes = InFlight())
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
    }

    private void Forget(Task finished)
    {
        lock (_gate)
        {
            _inFlight.Remove(finished);
        }
    }

    private async Task WriteBatchAsync(RowBatch<T> batch)
    {
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        Exception? escaped = null;
        var receipts = batch.Receipts;
        // One attempt timer for the whole batch: its attempts, retries and isolation halves run one after another.
        var timeout = RentTimer();
        _instruments.InFlight.Add(1, _tags.Common);
        using var activity = BatchFlowTelemetry.ActivitySource.StartActivity(_tags.SpanName, ActivityKind.Internal);
        try
        {
            if (batch.FirstEnqueuedAt != 0)
            {
                _instruments.QueueWaits.Record(_settings.Time.GetElapsedTime(batch.FirstEnqueuedAt).TotalSeconds, _tags.Common);
            }

            Memory<T> rows = batch.Memory;
            if (_collapser is not null)
            {
                rows = _collapser.Collapse(rows, receipts, out var collapsed);
                if (collapsed > 0)
                {
                    _counters.AddDeduplicated(collapsed);
                    _instruments.Deduplicated.Add(collapsed, _tags.Common);
                }
            }

            _instruments.BatchSizes.Record(rows.Length, _tags.Common);
            if (activity is not null)
            {
                activity.SetTag(BatchFlowTelemetry.SystemTag, _tags.Provider);
                activity.SetTag(BatchFlowTelemetry.CollectionTag, _tags.Table);
                activity.SetTag(BatchFlowTelemetry.OperationTag, _tags.Operation);
                activity.SetTag(BatchFlowTelemetry.BatchSizeTag, rows.Length);
            }

            failure = _deadline.IsCancellationRequested
                ? await AbandonAsync(receipts, rows, DeadlineError(rows.Length, null), attempts: 0).ConfigureAwait(false)
                : _sink is IRowOutcomeSink<T> rowSink
                    ? await WriteRowByRowAsync(rowSink, rows, receipts, timeout).ConfigureAwait(false)
                    : await WriteIsolatingAsync(rows, receipts, timeout).ConfigureAwait(false);
            if (activity is not null)
            {
                RecordOutcome(activity, failure);
            }
        }
        catch (Exception exception) when (Escaping(exception, ref escaped))
        {
            // Never taken: the filter only notes what escapes, for the receipts below.
        }
        finally
        {
            ReturnTimer(timeout);
            if (receipts is not null)
            {
                // Rows that failed were settled as they were reported: the rest of the batch is committed.
                SettleRemaining(receipts, batch.Count, escaped);
            }

            batch.Return();
            _instruments.FlushDurations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, failure is null ? _tags.Common : _tags.Error(failure));
            _instruments.InFlight.Add(-1, _tags.Common);
            _slots.Release();
        }
    }

    private static void RecordOutcome(Activity activity, Exception? failure)
    {
        if (failure is null)
        {
            activity.SetStatus(ActivityStatusCode.Ok);
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, failure.Message);
        activity.SetTag(BatchFlowTelemetry.ErrorTypeTag, FlowTags.ErrorType(failure.GetType()));
#if NET9_0_OR_GREATER
        activity.AddException(failure);
#else
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = failure.GetType().FullName,
            ["exception.message"] = failure.Message,
            ["exception.stacktrace"] = failure.ToString(),
        }));
#endif
    }

    /// <summary>
    /// Writes the rows; if they fail for good, halves them until the failing rows stand alone. Returns null when every
    /// row was written, else the first error that kept rows from being written.
    /// </summary>
    private async Task<Exception?> WriteIsolatingAsync(ReadOnlyMemory<T> rows, RowReceipt?[]? receipts, AttemptTimer timeout)
    {
        var outcome = await WriteWithRetryAsync(rows, timeout).ConfigureAwait(false);
        if (outcome.Exception is null)
        {
            _counters.AddWritten(rows.Length);
            _instruments.Written.Add(rows.Length, _tags.Common);
            return null;
        }

        if (outcome.Abandoned)
        {
            return await AbandonAsync(receipts, rows, outcome.Exception, outcome.Attempts).ConfigureAwait(false);
        }

        // A transient error that outlived every retry is about the connection, and a batch-wide one about the table
        // or statement, not the rows: splitting cannot help.
        if (rows.Length == 1 || outcome.Transient || outcome.BatchWide || !_settings.IsolateFailingRows)
        {
            var reason = outcome.Transient ? BatchDeliveryFailure.Transient
                : outcome.BatchWide ? BatchDeliveryFailure.BatchWide
                : rows.Length == 1 ? BatchDeliveryFailure.Refused
                : BatchDeliveryFailure.NotIsolated;
            await ReportAsync(receipts, rows, outcome.Exception, outcome.Attempts, reason).ConfigureAwait(false);
            return outcome.Exception;
        }

        var half = rows.Length / 2;
        var first = await WriteIsolatingAsync(rows[..half], receipts, timeout).ConfigureAwait(false);
        var second = await WriteIsolatingAsync(rows[half..], receipts, timeout).ConfigureAwait(false);
        return first ?? second;
    }

    private static bool Escaping(Exception exception, ref Exception? escaped)
    {
        escaped = exception;
        return false;
    }

    private BatchFlowDeadlineException DeadlineError(int rows, Exception? interrupted)
    {
        var message = $"The shutdown deadline of the flow into table '{_tags.Table}' ({_tags.Provider}) passed before these {rows} row(s) were written.";
        return interrupted is null ? new BatchFlowDeadlineException(message) : new BatchFlowDeadlineException(message, interrupted);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<WriteOutcome> WriteWithRetryAsync(ReadOnlyMemory<T> rows, AttemptTimer timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = timeout.Start(_deadline);
            var started = Stopwatch.GetTimestamp();
            Exception failure;
            bool transient;
            try
            {
                await _sink.WriteAsync(rows, token).ConfigureAwait(false);
                _instruments.OperationDurations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _tags.OperationSuccess);
                _counters.AttemptSucceeded();
                return new WriteOutcome(null, attempt, Transient: false, BatchWide: false, Abandoned: false);
            }
#pragma warning disable CA1031 // Whatever a sink throws is classified, retried or reported: it must not escape.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (_deadline.IsCancellationRequested)
                {
                    // Cancelled by the deadline, or failed while it passed: either way no more attempts are made.
                    var abandoned = DeadlineError(rows.Length, exception);
                    _instruments.OperationDurations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _tags.OperationError(abandoned));
                    return new WriteOutcome(abandoned, attempt, Transient: false, BatchWide: false, Abandoned: true);
                }

                (failure, transient) = Classify(exception, timeout, rows.Length);
            }
            finally
            {
                timeout.End();
            }

            _instruments.OperationDurations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _tags.OperationError(failure));
            var batchWide = !transient && IsBatchWide(failure);
            if (transient || batchWide)
            {
                // Row errors (a bad value) say nothing about the database's health; these do.
                _counters.AttemptFailed(failure);
            }

            if (!transient || attempt >= _settings.MaxAttempts)
            {
                return new WriteOutcome(failure, attempt, transient, batchWide, Abandoned: false);
            }

            if (!await BackOffAsync(failure, rows.Length, attempt).ConfigureAwait(false))
            {
                return new WriteOutcome(DeadlineError(rows.Length, failure), attempt, Transient: false, BatchWide: false, Abandoned: true);
            }
        }
    }

    /// <summary>An attempt timer from the writer's pool (one per write in flight, made once), or a new one.</summary>
    private AttemptTimer RentTimer()
    {
        lock (_timers)
        {
            if (_timers.TryPop(out var timer))
            {
                return timer;
            }
        }

        return new AttemptTimer(_settings.FlushTimeout, _settings.Time);
    }

    /// <summary>Frees the pooled attempt timers: called once every write has finished, as the flow completes.</summary>
    public void DisposeTimers()
    {
        lock (_timers)
        {
            while (_timers.TryPop(out var timer))
            {
                timer.Dispose();
            }
        }
    }

    private void ReturnTimer(AttemptTimer timer)
    {
        lock (_timers)
        {
            _timers.Push(timer);
        }
    }

    /// <summary>
    /// What an attempt's exception means: a cancellation by the attempt's timeout becomes a transient
    /// <see cref="TimeoutException"/>; anything else is asked of the sink.
    /// </summary>
    private (Exception Failure, bool Transient) Classify(Exception exception, AttemptTimer timeout, int rows)
    {
        if (exception is OperationCanceledException && timeout.IsCancellationRequested)
        {
            return (new TimeoutException(
                $"Writing {rows} row(s) to table '{_tags.Table}' ({_tags.Provider}) did not finish within {_settings.FlushTimeout}.",
                exception), true);
        }

        return (exception, exception is not BatchSchemaException && IsTransient(exception));
    }

    /// <summary>Counts and logs a retry and waits its backoff; false when the shutdown deadline passed meanwhile.</summary>
    private async ValueTask<bool> BackOffAsync(Exception failure, int rows, int attempt)
    {
        _instruments.RetryCount.Add(1, _tags.Common);
        var delay = RetryBackoff.Delay(attempt, _settings.RetryBaseDelay, _settings.RetryMaxDelay);
        FlowLog.Retrying(_settings.Logger, failure, rows, _tags.Table, _tags.Provider, attempt, _settings.MaxAttempts, delay.TotalMilliseconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, _settings.Time, _deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsTransient(Exception exception) => AskSink(_sink.IsTransient, exception);

    private bool IsBatchWide(Exception exception) => exception is BatchSchemaException || AskSink(_sink.IsBatchWide, exception);

    /// <summary>
    /// Runs one of the sink's classifiers. One that throws answers false: the error is then treated as permanent and
    /// the batch is split, which is slower but never loses a row, and the flow survives the sink's bug.
    /// </summary>
    private static bool AskSink(Func<Exception, bool> classifier, Exception exception)
    {
        try
        {
            return classifier(exception);
        }
#pragma warning disable CA1031 // See the summary: a classifier's own failure must not end the flow.
        catch
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private readonly record struct WriteOutcome(Exception? Exception, int Attempts, bool Transient, bool BatchWide, bool Abandoned);
}
