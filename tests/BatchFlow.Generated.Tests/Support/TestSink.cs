using System.Collections.Concurrent;

namespace BatchFlow.Tests.Support;

/// <summary>An in-memory sink for core tests: records committed batches; behaviour is scripted per test.</summary>
public sealed class TestSink : IBatchSink<Item>
{
    private int _calls;

    public TestSink(TableDescription<Item>? table = null) => Table = table ?? Items.Table();

    public string Provider => "test";

    public TableDescription<Item> Table { get; }

    public BatchSinkDefaults Defaults { get; init; } = new(FlushSize: 100, LingerTime: TimeSpan.FromMilliseconds(50), MaxConcurrentFlushes: 2);

    /// <summary>Runs before a batch commits; throw to fail the attempt.</summary>
    public Func<Item[], CancellationToken, ValueTask>? OnWrite { get; set; }

    public Func<Exception, bool> Transient { get; set; } = e => e is TransientTestException;

    public Func<Exception, bool> BatchWide { get; set; } = _ => false;

    public ConcurrentQueue<Item[]> Batches { get; } = new();

    public IEnumerable<Item> Committed => Batches.SelectMany(b => b);

    public int Calls => Volatile.Read(ref _calls);

    public bool Disposed { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<Item> rows, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var copy = rows.ToArray();
        if (OnWrite is { } hook)
        {
            await hook(copy, cancellationToken);
        }

        Batches.Enqueue(copy);
    }

    public bool IsTransient(Exception exception) => Transient(exception);

    public bool IsBatchWide(Exception exception) => BatchWide(exception);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

public sealed class TransientTestException(string message) : Exception(message);

public sealed class PermanentTestException(string message) : Exception(message);
