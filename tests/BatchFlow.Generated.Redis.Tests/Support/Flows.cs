using System.Collections.Concurrent;

namespace BatchFlow.Redis.Tests.Support;

public static class Flows
{
    /// <summary>Options that flush only when asked, retry fast and collect every failure.</summary>
    public static BatchFlowOptions<T> Collecting<T>(ConcurrentQueue<BatchFailure<T>> failures, int flushSize = 10_000) => new()
    {
        FlushSize = flushSize,
        LingerTime = TimeSpan.FromHours(1),
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(10),
        OnFailure = failure =>
        {
            failures.Enqueue(failure);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>Writes each batch through the flow, flushing after each, and returns every failure reported.</summary>
    public static async Task<List<BatchFailure<T>>> RunAsync<T>(Func<BatchFlowOptions<T>, BatchFlow<T>> create, params T[][] batches)
    {
        var failures = new ConcurrentQueue<BatchFailure<T>>();
        await using (var flow = create(Collecting(failures)))
        {
            foreach (var batch in batches)
            {
                foreach (var row in batch)
                {
                    await flow.SubmitAsync(row);
                }

                await flow.FlushAsync();
            }
        }

        return [.. failures];
    }

    /// <summary>Each failed row with its error.</summary>
    public static List<(T Row, Exception Error)> Rows<T>(IEnumerable<BatchFailure<T>> failures) =>
        [.. failures.SelectMany(f => f.Rows.Select(row => (row, f.Exception)))];
}

/// <summary>A sink wrapper that counts the writes a flow makes.</summary>
public sealed class CountingSink<T>(IRowOutcomeSink<T> inner) : IRowOutcomeSink<T>
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public string Provider => inner.Provider;

    public string OperationName => inner.OperationName;

    public TableDescription<T> Table => inner.Table;

    public BatchSinkDefaults Defaults => inner.Defaults;

    public ValueTask WriteAsync(ReadOnlyMemory<T> rows, RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.WriteAsync(rows, outcomes, cancellationToken);
    }

    public bool IsTransient(Exception exception) => inner.IsTransient(exception);

    public bool IsBatchWide(Exception exception) => inner.IsBatchWide(exception);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
