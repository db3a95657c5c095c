using System.Diagnostics;

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
internal sealed class BatchWriter<T>
{
    private readonly IBatchSink<T> _sink;
    private readonly FlowSettings _settings;
    private readonly FlowTags _tags;
    private readonly FailureReporter<T> _failures;
    private readonly KeyCollapser<T>? _collapser;
    private readonly SemaphoreSlim _slots;
    private readonly object _gate = new();
    private readonly HashSet<Task> _inFlight = [];

    public BatchWriter(IBatchSink<T> sink, FlowSettings settings, FlowTags tags, FailureReporter<T> failures)
    {
        _sink = sink;
        _settings = settings;
        _tags = tags;
        _failures = failures;
        _collapser = KeyCollapser<T>.For(sink.Table);
        _slots = new SemaphoreSlim(settings.MaxConcurrentFlushes, settings.MaxConcurrentFlushes);
    }

    /// <summary>
    /// Waits until a write slot is free. A batch is handed to <see cref="Start"/> only with a slot, so a busy sink
    /// slows the reader down and, through the bounded queue, the producers.
    /// </summary>
    public ValueTask<WriteSlot> AcquireSlotAsync() =>
        _slots.Wait(0) ? new ValueTask<WriteSlot>(new WriteSlot(this)) : WaitForSlotAsync();

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
        Task task;
        lock (_gate)
        {
            task = Task.Run(() => WriteBatchAsync(batch));
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
        var allWritten = false;
        BatchFlowTelemetry.InFlight.Add(1, _tags.Common);
        using var activity = BatchFlowTelemetry.ActivitySource.StartActivity("batchflow.write", ActivityKind.Client);
        try
        {
            if (batch.FirstEnqueuedAt != 0)
            {
                BatchFlowTelemetry.QueueWaits.Record(_settings.Time.GetElapsedTime(batch.FirstEnqueuedAt).TotalSeconds, _tags.Common);
            }

            Memory<T> rows = batch.Memory;
            if (_collapser is not null)
            {
                rows = _collapser.Collapse(rows, out var collapsed);
                if (collapsed > 0)
                {
                    BatchFlowTelemetry.Deduplicated.Add(collapsed, _tags.Common);
                }
            }

            BatchFlowTelemetry.BatchSizes.Record(rows.Length, _tags.Common);
            activity?.SetTag("db.collection.name", _tags.Table);
            activity?.SetTag("db.system", _tags.Provider);
            activity?.SetTag("batchflow.batch.size", rows.Length);
            allWritten = await WriteIsolatingAsync(rows).ConfigureAwait(false);
            activity?.SetStatus(allWritten ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }
        finally
        {
            batch.Return();
            BatchFlowTelemetry.FlushDurations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, allWritten ? _tags.Success : _tags.Failure);
            BatchFlowTelemetry.InFlight.Add(-1, _tags.Common);
            _slots.Release();
        }
    }

    /// <summary>Writes the rows; if they fail for good, halves them until the failing rows stand alone.</summary>
    private async Task<bool> WriteIsolatingAsync(ReadOnlyMemory<T> rows)
    {
        var outcome = await WriteWithRetryAsync(rows).ConfigureAwait(false);
        if (outcome.Exception is null)
        {
            BatchFlowTelemetry.Written.Add(rows.Length, _tags.Common);
            return true;
        }

        // A transient error that outlived every retry is about the connection, and a batch-wide one about the table
        // or statement, not the rows: splitting cannot help.
        if (rows.Length == 1 || outcome.Transient || outcome.BatchWide || !_settings.IsolateFailingRows)
        {
            await _failures.ReportAsync(rows, outcome.Exception, outcome.Attempts).ConfigureAwait(false);
            return false;
        }

        var half = rows.Length / 2;
        var first = await WriteIsolatingAsync(rows[..half]).ConfigureAwait(false);
        var second = await WriteIsolatingAsync(rows[half..]).ConfigureAwait(false);
        return first && second;
    }

    private async Task<WriteOutcome> WriteWithRetryAsync(ReadOnlyMemory<T> rows)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = _settings.FlushTimeout == Timeout.InfiniteTimeSpan
                ? new CancellationTokenSource()
                : new CancellationTokenSource(_settings.FlushTimeout, _settings.Time);
            Exception failure;
            bool transient;
            try
            {
                await _sink.WriteAsync(rows, timeout.Token).ConfigureAwait(false);
                return new WriteOutcome(null, attempt, Transient: false, BatchWide: false);
            }
#pragma warning disable CA1031 // Whatever a sink throws is classified, retried or reported: it must not escape.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (exception is OperationCanceledException && timeout.IsCancellationRequested)
                {
                    failure = new TimeoutException(
                        $"Writing {rows.Length} row(s) to table '{_tags.Table}' ({_tags.Provider}) did not finish within {_settings.FlushTimeout}.",
                        exception);
                    transient = true;
                }
                else
                {
                    failure = exception;
                    transient = exception is not BatchSchemaException && IsTransient(exception);
                }
            }

            if (!transient || attempt >= _settings.MaxAttempts)
            {
                return new WriteOutcome(failure, attempt, transient, BatchWide: !transient && IsBatchWide(failure));
            }

            BatchFlowTelemetry.RetryCount.Add(1, _tags.Common);
            var delay = RetryBackoff.Delay(attempt, _settings.RetryBaseDelay, _settings.RetryMaxDelay);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _settings.Time).ConfigureAwait(false);
            }
        }
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

    private readonly record struct WriteOutcome(Exception? Exception, int Attempts, bool Transient, bool BatchWide);
}
