namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// A sink that writes nothing and completes at once, so that a suite measures only the path in front of it. It
/// counts rows so that a benchmark can check that every row arrived.
/// </summary>
public sealed class NullSink<T> : IBatchSink<T>
{
    private long _rows;

    public NullSink(TableDescription<T> table) => Table = table;

    public string Provider => "null";

    public TableDescription<T> Table { get; }

    /// <summary>Rows handed to <see cref="WriteAsync"/> so far.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    public ValueTask WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _rows, rows.Length);
        return ValueTask.CompletedTask;
    }

    public bool IsTransient(Exception exception) => false;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
