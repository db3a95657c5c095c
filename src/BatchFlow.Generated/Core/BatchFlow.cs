using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace BatchFlow;

/// <summary>
/// A batched writer of <typeparamref name="T"/> rows. <see cref="SubmitAsync"/> only enqueues; the flow writes
/// batches through its sink when a batch is full (<see cref="BatchFlowOptions.FlushSize"/>) or old enough
/// (<see cref="BatchFlowOptions.LingerTime"/>, counted from its first row), retries transient failures, isolates
/// the rows that fail for good and reports them. Every accepted row ends committed or reported, never dropped.
/// Generated <c>{Type}Flow</c> classes derive from it; use it directly with a custom <see cref="IBatchSink{T}"/>.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public class BatchFlow<T> : IAsyncDisposable, IQueueDepthSource
{
    private readonly Channel<QueueItem<T>> _queue;
    private readonly FlowSettings _settings;
    private readonly FlowTags _tags;
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
        _tags = new FlowTags(table.Name, sink.Provider);
        _queue = Channel.CreateBounded<QueueItem<T>>(new BoundedChannelOptions(_settings.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });

        sink.Initialize(new BatchSinkContext(_settings.Time));
        var failures = new FailureReporter<T>((options as BatchFlowOptions<T>)?.OnFailure, _tags);
        var writer = new BatchWriter<T>(sink, _settings, _tags, failures);
        BatchFlowTelemetry.Track(this);
        _assembler = new BatchAssembler<T>(_queue.Reader, writer, _settings);
        _completion = RunAsync(_assembler, writer, sink, failures);
    }

    /// <summary>The table this flow writes to.</summary>
    public string TableName => _tags.Table;

    /// <summary>The provider this flow writes through (e.g. <c>sqlite</c>).</summary>
    public string ProviderName => _tags.Provider;

    /// <summary>
    /// Ends when the flow has completed: no more rows accepted, every batch written or reported, the sink disposed.
    /// Faults with a <see cref="BatchFlowException"/> when rows failed and no failure handler took them (none was set,
    /// or it threw), with the
    /// sink's own exception when only closing the sink failed, and with an <see cref="AggregateException"/> holding
    /// both when both happened.
    /// </summary>
    public Task Completion => _completion;

    long IQueueDepthSource.QueueDepth => _queue.Reader.Count;

    /// <summary>Whether the reader holds every accepted row and waits for more (tests on a fake clock).</summary>
    internal bool IsReaderWaiting => _assembler.IsWaitingForRows && _queue.Reader.Count == 0;

    KeyValuePair<string, object?>[] IQueueDepthSource.Tags => _tags.Common;

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
            BatchFlowTelemetry.Rejected.Add(1, _tags.Cancelled);
            return ValueTask.FromCanceled(cancellationToken);
        }

        ThrowIfCompleting();
        var item = new QueueItem<T>(row, Stamp());
        if (_queue.Writer.TryWrite(item))
        {
            BatchFlowTelemetry.Submitted.Add(1, _tags.Common);
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
        if (_queue.Writer.TryWrite(new QueueItem<T>(row, Stamp())))
        {
            BatchFlowTelemetry.Submitted.Add(1, _tags.Common);
            return true;
        }

        ThrowIfCompleting();
        BatchFlowTelemetry.Rejected.Add(1, _tags.QueueFull);
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
    /// <returns><see cref="Completion"/>.</returns>
    public Task CompleteAsync()
    {
        if (Interlocked.Exchange(ref _completing, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        return _completion;
    }

    /// <summary>Completes the flow (see <see cref="CompleteAsync"/>) and waits for it.</summary>
    /// <exception cref="BatchFlowException">Rows failed and no failure handler took them.</exception>
    /// <exception cref="AggregateException">Rows failed without a handler and the sink also failed to close: both are inside.</exception>
    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    // Pooled: a producer that waits for room on every few rows (several producers against a full queue) would
    // otherwise allocate this method's state machine on each wait.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SubmitSlowAsync(QueueItem<T> item, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            BatchFlowTelemetry.Rejected.Add(1, _tags.Completed);
            throw CompletedError(exception);
        }
        catch (OperationCanceledException)
        {
            BatchFlowTelemetry.Rejected.Add(1, _tags.Cancelled);
            throw;
        }

        BatchFlowTelemetry.Submitted.Add(1, _tags.Common);
    }

    private long Stamp() => BatchFlowTelemetry.QueueWaits.Enabled ? _settings.Time.GetTimestamp() : 0;

    private void ThrowIfCompleting()
    {
        if (Volatile.Read(ref _completing) != 0)
        {
            BatchFlowTelemetry.Rejected.Add(1, _tags.Completed);
            throw CompletedError(null);
        }
    }

    private BatchFlowCompletedException CompletedError(Exception? inner)
    {
        var message = $"The flow of {typeof(T).Name} rows into table '{_tags.Table}' ({_tags.Provider}) has been completed and accepts no more rows.";
        return inner is null ? new BatchFlowCompletedException(message) : new BatchFlowCompletedException(message, inner);
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
            assembler.Dispose();
            BatchFlowTelemetry.Untrack(this);
            sinkError = await DisposeSinkAsync(sink).ConfigureAwait(false);
        }

        // Lost rows must not be hidden by a sink that also fails to close: then both are thrown together.
        switch (failures.UnhandledFailure(), sinkError)
        {
            case ({ } lost, { } closing):
                throw new AggregateException(
                    $"The flow into table '{_tags.Table}' ({_tags.Provider}) lost rows, and its sink failed to close.", lost, closing);
            case ({ } lost, null):
                throw lost;
            case (null, { } closing):
                ExceptionDispatchInfo.Throw(closing);
                break;
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
