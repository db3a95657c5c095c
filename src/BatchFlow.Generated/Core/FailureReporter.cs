using System.Diagnostics;

namespace BatchFlow;

/// <summary>
/// Hands rows that failed for good to the user's handler, or, without one, keeps count of them so that the flow's
/// completion says how many were lost. Either way they are counted: no row disappears unseen.
/// </summary>
internal sealed class FailureReporter<T>
{
    private readonly Func<BatchFailure<T>, ValueTask>? _handler;
    private readonly FlowTags _tags;
    private long _unhandledRows;
    private Exception? _firstUnhandled;

    public FailureReporter(Func<BatchFailure<T>, ValueTask>? handler, FlowTags tags)
    {
        _handler = handler;
        _tags = tags;
    }

    public async ValueTask ReportAsync(ReadOnlyMemory<T> rows, Exception exception, int attempts)
    {
        BatchFlowTelemetry.Failed.Add(rows.Length, _tags.Common);
        if (_handler is null)
        {
            Interlocked.Add(ref _unhandledRows, rows.Length);
            Interlocked.CompareExchange(ref _firstUnhandled, exception, null);
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
            BatchFlowTelemetry.HandlerFailures.Add(1, _tags.Common);
            Activity.Current?.AddEvent(new ActivityEvent("batchflow.failure_handler.exception", tags: new ActivityTagsCollection
            {
                ["exception.type"] = handlerException.GetType().FullName,
                ["exception.message"] = handlerException.Message,
            }));
        }
    }

    /// <summary>The exception that ends the flow when rows failed with no handler to take them, else null.</summary>
    public BatchFlowException? UnhandledFailure()
    {
        var count = Interlocked.Read(ref _unhandledRows);
        if (count == 0)
        {
            return null;
        }

        var message = $"{count} row(s) could not be written to table '{_tags.Table}' ({_tags.Provider}) and no failure handler was set " +
                      $"(BatchFlowOptions<{typeof(T).Name}>.OnFailure). First error: {_firstUnhandled?.Message}";
        return new BatchFlowException(message, _firstUnhandled!) { FailedRows = count };
    }
}
