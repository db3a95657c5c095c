using System.Collections.Concurrent;

namespace BatchFlow;

/// <summary>The tag sets of one flow, built once so that recording a measurement allocates nothing.</summary>
internal sealed class FlowTags
{
    private readonly ConcurrentDictionary<Type, KeyValuePair<string, object?>[]> _errors = new();
    private readonly ConcurrentDictionary<Type, KeyValuePair<string, object?>[]> _operationErrors = new();

    public FlowTags(string table, string provider, string operation)
    {
        Table = table;
        Provider = provider;
        Operation = operation;
        SpanName = operation + " " + table;
        Common = [new(BatchFlowTelemetry.SystemTag, provider), new(BatchFlowTelemetry.CollectionTag, table)];
        QueueFull = WithReason("queue_full");
        Cancelled = WithReason("cancelled");
        Completed = WithReason("completed");
        OperationSuccess = [.. Common, new(BatchFlowTelemetry.OperationTag, operation)];
    }

    public string Table { get; }

    public string Provider { get; }

    public string Operation { get; }

    /// <summary>The span name, <c>{operation} {table}</c>, as the conventions shape it.</summary>
    public string SpanName { get; }

    public KeyValuePair<string, object?>[] Common { get; }

    public KeyValuePair<string, object?>[] QueueFull { get; }

    public KeyValuePair<string, object?>[] Cancelled { get; }

    public KeyValuePair<string, object?>[] Completed { get; }

    /// <summary>The tags of a successful operation: <see cref="Common"/> and <c>db.operation.name</c>.</summary>
    public KeyValuePair<string, object?>[] OperationSuccess { get; }

    /// <summary><see cref="Common"/> with <c>error.type</c> for <paramref name="error"/>; cached per exception type.</summary>
    public KeyValuePair<string, object?>[] Error(Exception error) =>
        _errors.GetOrAdd(error.GetType(), static (type, common) => [.. common, new(BatchFlowTelemetry.ErrorTypeTag, ErrorType(type))], Common);

    /// <summary><see cref="OperationSuccess"/> with <c>error.type</c> for <paramref name="error"/>.</summary>
    public KeyValuePair<string, object?>[] OperationError(Exception error) =>
        _operationErrors.GetOrAdd(error.GetType(), static (type, success) => [.. success, new(BatchFlowTelemetry.ErrorTypeTag, ErrorType(type))], OperationSuccess);

    /// <summary>The <c>error.type</c> value: <c>timeout</c> for an attempt that ran out of time, else the exception type's full name.</summary>
    public static string ErrorType(Type exception) =>
        exception == typeof(TimeoutException) ? "timeout" : exception.FullName ?? exception.Name;

    private KeyValuePair<string, object?>[] WithReason(string reason) => [.. Common, new(BatchFlowTelemetry.RejectionReasonTag, reason)];
}
