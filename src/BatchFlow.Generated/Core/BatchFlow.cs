using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace BatchFlow;

/// <summary>
/// A batched writer of <typeparamref name="T"/> rows. <see cref="SubmitAsync"/> only enqueues; the flow writes
/// batches through its sink when a batch is full (<see cref="BatchFlowOptions.FlushSize"/>) or old enough
/// (<see cref="BatchFlowOptions.LingerTime"/>, counted from its first row), retries transient failures, isolates
/// the rows that fail for good and reports them. Every accepted row ends committed or reported, never dropped.
/// Generated <c>{Type}Flow</c> classes derive from it; use it directly with a custom <see cref="IBatchSink{T}"/>.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public partial class BatchFlow<T> : IBatchFlow, IHeldRowsSource, IGuardedFlow
{
    private readonly Channel<QueueItem<T>> _queue;
    private readonly RowBudget _budget;
    private readonly int _chunkSize;
    private readonly FlowSettings _settings;
    private readonly FlowTags _tags;
    private readonly FlowInstruments _instruments;
    private readonly FlowCounters _counters = new();
    private readonly CancellationTokenSource _deadline = new();
    private readonly Task _completion;
    private readonly BatchAssembler<T> _assembler;
    private int _completing;

    /// <summary>Starts a flow over <paramref name="sink"/>.</summary>
    /// <param name="sink">Where batches are written. The flow owns it and disposes it when it completes.</param>
    /// <param name="options">Settings; null for the defaults. Pass a <see cref="BatchFlowOptions{T}"/> to receive failed rows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public BatchFlow(IBatchSink<T> sink, BatchFlowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var table = sink.Table ?? throw new ArgumentException("The sink has no table description.", nameof(sink));
        _settings = FlowSettings.Resolve<T>(options, sink.Defaults ?? BatchSinkDefaults.Standard, table.Name);
        _tags = new FlowTags(table.Name, sink.Provider, sink.OperationName ?? "BATCH INSERT");
        _instruments = _settings.Instruments;
        Table = table;
        // Unbounded: the budget bounds it in rows, so that a chunk of many rows counts as many (ADR 0012).
        _queue = Channel.CreateUnbounded<QueueItem<T>>(new UnboundedChannelOptions
        {
            SingleReader = true,
            SingleWriter = false,
        });
        _budget = new RowBudget(_settings.Capacity);
        _chunkSize = Math.Min(Math.Min(_settings.FlushSize, MaxChunkRows), _settings.Capacity);

        sink.Initialize(new BatchSinkContext(_settings.Time));
        var failures = new FailureReporter<T>((options as BatchFlowOptions<T>)?.OnFailure, _tags, _settings, _counters, table);
        var writer = new BatchWriter<T>(sink, _settings, _tags, failures, _counters, _deadline.Token);
        _instruments.Track(this);
        ProcessExitGuard.Watch(this);
        _assembler = new BatchAssembler<T>(_queue.Reader, _budget, writer, _settings);
        _completion = RunAsync(_assembler, writer, sink, failures);
    }

    /// <summary>The table this flow writes to: names, columns, key, conflict mode, the generated writer and reader.</summary>
    public TableDescription<T> Table { get; }

    /// <summary>The table this flow writes to.</summary>
    public string TableName => _tags.Table;

    /// <summary>The provider this flow writes through (e.g. <c>sqlite</c>).</summary>
    public string ProviderName => _tags.Provider;

    /// <inheritdoc />
    public int Capacity => _settings.Capacity;

    /// <inheritdoc />
    public bool IsCompleting => Volatile.Read(ref _completing) != 0;

    /// <summary>Rows the flow holds now: queued, in the batch being assembled, and in batches being written.</summary>
    public long RowsHeld => _budget.InUse + _assembler.RowsAssembling + _counters.Writing;

    TimeSpan IGuardedFlow.ProcessExitTimeout => _settings.ProcessExitTimeout;

    /// <summary>
    /// Ends when the flow has completed: no more rows accepted, every batch written or reported, the sink disposed.
    /// Faults with a <see cref="BatchFlowException"/> when rows failed and no failure handler took them (none was set,
    /// or it threw), with the
    /// sink's own exception when only closing the sink failed, and with an <see cref="AggregateException"/> holding
    /// both when both happened.
    /// </summary>
    public Task Completion => _completion;

    /// <summary>Whether the reader holds every accepted row and waits for more (tests on a fake clock).</summary>
    internal bool IsReaderWaiting => _assembler.IsWaitingForRows && _budget.InUse == 0;

    KeyValuePair<string, object?>[] IHeldRowsSource.Tags => _tags.Common;

    /// <inheritdoc />
    public BatchFlowStatus GetStatus()
    {
        // Rows reserved and not yet in a batch: in the queue, in a chunk the reader is splitting, or being enqueued.
        var queued = _budget.InUse;
        var assembling = _assembler.RowsAssembling;
        var writing = _counters.Writing;
        return new BatchFlowStatus
        {
            // Every accepted row is still queued, in the batch being assembled, or handed to the writer.
            Accepted = queued + assembling + _counters.Dispatched,
            Written = _counters.Written,
            Deduplicated = _counters.Deduplicated,
            Failed = _counters.Failed,
            DeadLettered = _counters.DeadLettered,
            Queued = queued,
            Held = queued + assembling + writing,
            Capacity = _settings.Capacity,
            FailedAttemptsInARow = _counters.FailedAttemptsInARow,
            LastError = _counters.LastError,
            IsCompleting = IsCompleting,
        };
    }

    /// <summary>
    /// Enqueues a row. Returns as soon as the row is accepted; waits while the queue is full (backpressure).
    /// </summary>
    /// <param name="row">The row.</param>
    /// <param name="cancellationToken">Cancels the wait for room; a row whose wait is cancelled is never enqueued.</param>
    /// <exception cref="BatchFlowCompletedException">The flow has been completed or disposed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the row was accepted.</exception>
    public ValueTask SubmitAsync(T row, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _instruments.Rejected.Add(1, _tags.Cancelled);
            return ValueTask.FromCanceled(cancellationToken);
        }

        ThrowIfCompleting();
        var item = new QueueItem<T>(row, Stamp());
        if (_budget.TryTakeOne())
        {
            if (!_queue.Writer.TryWrite(item))
            {
                return ValueTask.FromException(RefuseCompleted(1));
            }

            _instruments.Submitted.Add(1, _tags.Common);
            return default;
        }

        return SubmitSlowAsync(item, cancellationToken);
    }

    /// <summary>Enqueues a row if the queue has room; never waits.</summary>
    /// <param name="row">The row.</param>
    /// <returns>True when the row was accepted, false when the queue is full.</returns>
    /// <exception cref="BatchFlowCompletedException">The flow has been completed or disposed.</exception>
    public bool TrySubmit(T row)
    {
        ThrowIfCompleting();
        if (_budget.TryTakeOne())
        {
            if (!_queue.Writer.TryWrite(new QueueItem<T>(row, Stamp())))
            {
                throw RefuseCompleted(1);
            }

            _instruments.Submitted.Add(1, _tags.Common);
            return true;
        }

        ThrowIfCompleting();
        _instruments.Rejected.Add(1, _tags.QueueFull);
        return false;
    }

    /// <summary>
    /// Writes whatever is buffered now and returns when every row accepted before the call is committed or reported
    /// failed. Rows submitted meanwhile are not waited for.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the flush itself still happens.</param>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new FlushRequest();
        try
        {
            await _queue.Writer.WriteAsync(new QueueItem<T>(request), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Completing: completion covers every accepted row.
            await _completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await request.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting rows, writes everything buffered, waits for every write in flight and disposes the sink.
    /// Calling it again returns the same task.
    /// </summary>
    /// <returns><see cref="Completion"/>, which faults when rows were lost (see there).</returns>
    public Task CompleteAsync() => CompleteAsync(CancellationToken.None);

    /// <summary>
    /// Stops accepting rows and writes everything buffered, like <see cref="CompleteAsync()"/>, but only until
    /// <paramref name="cancellationToken"/> is cancelled (the shutdown deadline, for example a host's
    /// <c>ShutdownTimeout</c>). Then the write attempts under way are cancelled, no more retries are made, and every row
    /// not yet written goes to the dead-letter file (<see cref="BatchFlowOptions.DeadLetterDirectory"/>) or else to the
    /// failure handler with a <see cref="BatchFlowDeadlineException"/>; the flow then completes promptly. Every accepted
    /// row ends written, failed or dead-lettered (<see cref="GetStatus"/>). A write attempt cancelled while its commit was
    /// already on its way may have committed: its rows are still counted as not written.
    /// Calling it again returns the same task; a later call's token also sets a deadline.
    /// </summary>
    /// <param name="cancellationToken">The shutdown deadline.</param>
    /// <returns><see cref="Completion"/>, which faults when rows were lost (see there).</returns>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _completing, 1) == 0)
        {
            // A channel drain that has read rows out of its reader enqueues them before the queue closes: they cannot go
            // back. It holds no await meanwhile, and one that starts now sees the flag and reads nothing.
            var spin = default(SpinWait);
            while (Volatile.Read(ref _drainsEnqueuing) != 0)
            {
                spin.SpinOnce();
            }

            // The channel first: a writer that still holds room finds it closed, gives the room back and is refused.
            _queue.Writer.TryComplete();
            _budget.Close();
        }

        if (cancellationToken.CanBeCanceled && !_completion.IsCompleted)
        {
            var registration = cancellationToken.UnsafeRegister(static state => ((BatchFlow<T>)state!).PassDeadline(), this);
            _completion.ContinueWith(static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration, TaskScheduler.Default);
        }

        return _completion;
    }

    /// <summary>
    /// Completes the flow (see <see cref="CompleteAsync()"/>) and waits for it. Never throws (framework design
    /// guidelines), so that one flow's failure cannot stop a container from disposing the others: lost rows are
    /// reported by <see cref="Completion"/>, the log and the metrics.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CompleteAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // See the summary: the failure is in Completion, logged and counted.
        catch
#pragma warning restore CA1031
        {
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Completes the flow and blocks until it has completed, for containers and callers that dispose synchronously.
    /// Never throws, like <see cref="DisposeAsync"/>. Prefer <see cref="DisposeAsync"/> where you can await.
    /// </summary>
    public void Dispose()
    {
        try
        {
            CompleteAsync().GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // See the summary.
        catch
#pragma warning restore CA1031
        {
        }

        GC.SuppressFinalize(this);
    }

    void IGuardedFlow.LogCompletingAtProcessExit() =>
        FlowLog.CompletingAtProcessExit(_settings.Logger, _tags.Table, _tags.Provider, RowsHeld, _settings.ProcessExitTimeout.TotalSeconds);

    private void PassDeadline()
    {
        if (_deadline.IsCancellationRequested || _completion.IsCompleted)
        {
            return;
        }

        FlowLog.DeadlineReached(_settings.Logger, _tags.Table, _tags.Provider, RowsHeld);
        try
        {
            _deadline.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Completed meanwhile.
        }
    }

    // Pooled: a producer that waits for room on every few rows (several producers against a full queue) would
    // otherwise allocate this method's state machine on each wait.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SubmitSlowAsync(QueueItem<T> item, CancellationToken cancellationToken)
    {
        try
        {
            await _budget.TakeAsync(1, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            _instruments.Rejected.Add(1, _tags.Completed);
            throw CompletedError(exception);
        }
        catch (OperationCanceledException)
        {
            _instruments.Rejected.Add(1, _tags.Cancelled);
            throw;
        }

        if (!_queue.Writer.TryWrite(item))
        {
            throw RefuseCompleted(1);
        }

        _instruments.Submitted.Add(1, _tags.Common);
    }

    /// <summary>
    /// For a writer that reserved <paramref name="reserved"/> rows and found the channel completed: gives the room back
    /// (so that the status adds up once the flow has completed) and returns the error to throw.
    /// </summary>
    private BatchFlowCompletedException RefuseCompleted(int reserved, long accepted = 0)
    {
        _budget.Return(reserved);
        _instruments.Rejected.Add(reserved, _tags.Completed);
        return CompletedError(null, accepted);
    }

    private long Stamp() => _instruments.QueueWaits.Enabled ? _settings.Time.GetTimestamp() : 0;

    private void ThrowIfCompleting()
    {
        if (Volatile.Read(ref _completing) != 0)
        {
            _instruments.Rejected.Add(1, _tags.Completed);
            throw CompletedError(null);
        }
    }

    private BatchFlowCompletedException CompletedError(Exception? inner, long accepted = 0)
    {
        var message = $"The flow of {typeof(T).Name} rows into table '{_tags.Table}' ({_tags.Provider}) has been completed and accepts no more rows.";
        if (accepted > 0)
        {
            message += $" The first {accepted} rows of this call were accepted before it completed and will be written.";
        }

        var error = inner is null ? new BatchFlowCompletedException(message) : new BatchFlowCompletedException(message, inner);
        error.Accepted = accepted;
        return error;
    }

    private async Task RunAsync(BatchAssembler<T> assembler, BatchWriter<T> writer, IBatchSink<T> sink, FailureReporter<T> failures)
    {
        Exception? sinkError;
        try
        {
            // Off the constructor's thread: the reader loop lives on the thread pool for the flow's lifetime.
            await Task.Run(assembler.RunAsync).ConfigureAwait(false);
        }
        finally
        {
            // The one place that waits for every write in flight, whether the reader ended normally or not.
            await writer.DrainAsync().ConfigureAwait(false);
            writer.DisposeTimers();
            assembler.Dispose();
            _instruments.Untrack(this);
            ProcessExitGuard.Forget(this);
            sinkError = await DisposeSinkAsync(sink).ConfigureAwait(false);
        }

        var lost = failures.UnhandledFailure();
        LogCompletion(lost, sinkError);

        // Lost rows must not be hidden by a sink that also fails to close: then both are thrown together.
        switch (lost, sinkError)
        {
            case ({ } rows, { } closing):
                throw new AggregateException(
                    $"The flow into table '{_tags.Table}' ({_tags.Provider}) lost rows, and its sink failed to close.", rows, closing);
            case ({ } rows, null):
                throw rows;
            case (null, { } closing):
                ExceptionDispatchInfo.Throw(closing);
                break;
        }
    }

    private void LogCompletion(BatchFlowException? lost, Exception? sinkError)
    {
        var logger = _settings.Logger;
        if (sinkError is not null)
        {
            FlowLog.SinkCloseFailed(logger, sinkError, _tags.Table, _tags.Provider);
        }

        var status = GetStatus();
        if (lost is not null)
        {
            FlowLog.CompletedWithLoss(logger, lost, _tags.Table, _tags.Provider, lost.FailedRows, status.Written + status.Deduplicated, status.Failed, status.DeadLettered, status.Accepted);
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            FlowLog.Completed(logger, _tags.Table, _tags.Provider, status.Written + status.Deduplicated, status.Failed, status.DeadLettered, status.Accepted);
        }
    }

    private static async ValueTask<Exception?> DisposeSinkAsync(IBatchSink<T> sink)
    {
        try
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // Returned to RunAsync, which throws it (with the lost rows' exception when there is one).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }
    }
}
