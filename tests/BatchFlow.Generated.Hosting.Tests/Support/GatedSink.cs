using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BatchFlow.Hosting.Tests;

/// <summary>
/// A sink of <see cref="Event"/> rows whose every write attempt waits for a permit from the test (<see cref="Allow"/>,
/// <see cref="Open"/>), and fails with a transient error while <see cref="Failing"/> is set. Each attempt announces itself
/// (<see cref="NextAttemptAsync"/>) before it waits, so a test knows exactly how many attempts have ended.
/// </summary>
public sealed class GatedSink : IBatchSink<Event>
{
    private readonly SemaphoreSlim _permits = new(0);
    private readonly Channel<int> _attempts = Channel.CreateUnbounded<int>();
    private int _calls;
    private volatile bool _open;

    public string Provider => "test";

    public TableDescription<Event> Table => EventFlow.Table;

    public BatchSinkDefaults Defaults => new(FlushSize: 1, LingerTime: TimeSpan.FromMilliseconds(10), MaxConcurrentFlushes: 1);

    /// <summary>Whether attempts fail (transiently) once let through.</summary>
    public bool Failing { get; set; }

    public ConcurrentQueue<Event> Committed { get; } = new();

    /// <summary>Lets <paramref name="attempts"/> waiting or future attempts go on.</summary>
    public void Allow(int attempts = 1) => _permits.Release(attempts);

    /// <summary>Lets every attempt go on from now on.</summary>
    public void Open()
    {
        _open = true;
        _permits.Release(1_000);
    }

    /// <summary>
    /// Opens the gate when disposed: declared after the host, it lets the host's disposal finish when a test fails
    /// with attempts still waiting (they would otherwise wait for ever).
    /// </summary>
    public IDisposable OpenWhenDisposed() => new Opener(this);

    /// <summary>Waits until the next write attempt has begun (and waits for its permit); returns its number, from 1.</summary>
    public async Task<int> NextAttemptAsync() =>
        await _attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask WriteAsync(ReadOnlyMemory<Event> rows, CancellationToken cancellationToken)
    {
        _attempts.Writer.TryWrite(Interlocked.Increment(ref _calls));
        if (!_open)
        {
            await _permits.WaitAsync(cancellationToken);
        }

        if (Failing)
        {
            throw new TransientTestException("The test database is away.");
        }

        foreach (var row in rows.Span)
        {
            Committed.Enqueue(row);
        }
    }

    public bool IsTransient(Exception exception) => exception is TransientTestException;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Opener(GatedSink sink) : IDisposable
    {
        public void Dispose() => sink.Open();
    }
}

public sealed class TransientTestException(string message) : Exception(message);
