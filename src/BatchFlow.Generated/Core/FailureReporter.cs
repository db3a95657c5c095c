using System.Diagnostics;

namespace BatchFlow;

/// <summary>
/// Takes the rows that were not written: rows that failed for good go to the user's handler or, without one, are
/// counted so that the flow's completion says how many were lost; rows that missed the shutdown deadline go to the
/// dead-letter file when there is one. Every row is counted and logged: no row disappears unseen.
/// </summary>
internal sealed class FailureReporter<T>
{
    private readonly Func<BatchFailure<T>, ValueTask>? _handler;
    private readonly FlowTags _tags;
    private readonly FlowSettings _settings;
    private readonly FlowCounters _counters;
    private readonly DeadLetterWriter<T>? _deadLetters;
    private long _rowsWithoutHandler;
    private Exception? _firstWithoutHandler;
    private long _rowsHandlerThrew;
    private Exception? _firstHandlerException;

    public FailureReporter(Func<BatchFailure<T>, ValueTask>? handler, FlowTags tags, FlowSettings settings, FlowCounters counters, TableDescription<T> table)
    {
        _handler = handler;
        _tags = tags;
        _settings = settings;
        _counters = counters;
        _deadLetters = settings.DeadLetterDirectory is { } directory ? new DeadLetterWriter<T>(directory, table, settings.Time) : null;
    }

    /// <summary>Rows not written because the shutdown deadline passed: to the dead-letter file if there is one, else as failed.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="reason">Why they were not written.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="told">How many of the rows had a caller waiting for their commit who has now been told.</param>
    public ValueTask AbandonAsync(ReadOnlyMemory<T> rows, Exception reason, int attempts, int told)
    {
        if (_deadLetters is null)
        {
            return ReportAsync(rows, reason, attempts, told);
        }

        try
        {
            _deadLetters.Append(rows.Span);
        }
#pragma warning disable CA1031 // A dead-letter file that cannot be written must not lose the rows: they are reported instead.
        catch (Exception fileError)
#pragma warning restore CA1031
        {
            var error = new BatchFlowDeadlineException($"{reason.Message} Writing them to the dead-letter file '{_deadLetters.Path}' failed too: {fileError.Message}", fileError);
            return ReportAsync(rows, error, attempts, told);
        }

        _counters.AddDeadLettered(rows.Length);
        _settings.Instruments.DeadLettered.Add(rows.Length, _tags.Common);
        FlowLog.DeadLettered(_settings.Logger, rows.Length, _tags.Table, _tags.Provider, _deadLetters.Path);
        return default;
    }

    /// <summary>
    /// Rows that failed for good: to the handler, or without one counted as lost, except those whose waiting caller has
    /// been told (<paramref name="told"/>): their failure reached someone, so completion does not count them.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="exception">The error that kept them out.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="told">How many of the rows had a caller waiting for their commit who has now been told.</param>
    public async ValueTask ReportAsync(ReadOnlyMemory<T> rows, Exception exception, int attempts, int told)
    {
        _counters.AddFailed(rows.Length);
        _settings.Instruments.Failed.Add(rows.Length, _tags.Error(exception));
        if (_handler is null)
        {
            if (rows.Length - told == 0)
            {
                return;
            }

            Interlocked.Add(ref _rowsWithoutHandler, rows.Length - told);
            Interlocked.CompareExchange(ref _firstWithoutHandler, exception, null);
            FlowLog.RowsFailedWithoutHandler(_settings.Logger, exception, rows.Length - told, _tags.Table, _tags.Provider, attempts);
            return;
        }

        var failure = new BatchFailure<T>(_tags.Table, _tags.Provider, rows.ToArray(), exception, attempts);
        try
        {
            await _handler(failure).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The handler is user code: whatever it throws must not stop the flow.
        catch (Exception handlerException)
#pragma warning restore CA1031
        {
            // The handler did not take the rows: they are as lost as rows without a handler, and completion says so.
            Interlocked.Add(ref _rowsHandlerThrew, rows.Length);
            Interlocked.CompareExchange(ref _firstHandlerException, handlerException, null);
            _settings.Instruments.HandlerFailures.Add(1, _tags.Common);
            FlowLog.HandlerThrew(_settings.Logger, handlerException, rows.Length, _tags.Table, _tags.Provider);
            Activity.Current?.AddEvent(new ActivityEvent("batchflow.failure_handler.exception", tags: new ActivityTagsCollection
            {
                ["exception.type"] = handlerException.GetType().FullName,
                ["exception.message"] = handlerException.Message,
            }));
        }
    }

    /// <summary>
    /// The exception that ends the flow when failed rows were not taken by a handler (none was set, or it threw),
    /// else null. Its message says how many rows and why; its inner exception is the first write error (no handler)
    /// or the first exception the handler threw.
    /// </summary>
    public BatchFlowException? UnhandledFailure()
    {
        var withoutHandler = Interlocked.Read(ref _rowsWithoutHandler);
        var handlerThrew = Interlocked.Read(ref _rowsHandlerThrew);
        if (withoutHandler + handlerThrew == 0)
        {
            return null;
        }

        var reasons = new List<string>(2);
        if (withoutHandler > 0)
        {
            reasons.Add($"{withoutHandler} failed with no failure handler set (BatchFlowOptions<{typeof(T).Name}>.OnFailure); first error: {_firstWithoutHandler?.Message}");
        }

        if (handlerThrew > 0)
        {
            reasons.Add($"{handlerThrew} failed and the failure handler threw for them; first handler exception: {_firstHandlerException?.GetType().Name}: {_firstHandlerException?.Message}");
        }

        var message = $"{withoutHandler + handlerThrew} row(s) could not be written to table '{_tags.Table}' ({_tags.Provider}) and were not taken by a failure handler: {string.Join("; ", reasons)}";
        // A flow has a handler or not, so only one of the two was counted.
        var inner = _firstWithoutHandler ?? _firstHandlerException!;
        return new BatchFlowException(message, inner) { FailedRows = withoutHandler + handlerThrew, HandlerFailedRows = handlerThrew };
    }
}
