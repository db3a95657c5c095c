using System.Collections.Concurrent;

namespace BatchFlow.Tests.Support;

/// <summary>
/// An in-memory non-atomic sink (<see cref="IRowOutcomeSink{T}"/>): each row is applied or refused on its own, as
/// <see cref="RowError"/> decides per row and attempt; records every call's rows and every applied row.
/// </summary>
public sealed class RowOutcomeTestSink : IRowOutcomeSink<Item>
{
    private readonly ConcurrentDictionary<long, int> _seen = new();

    public string Provider => "test";

    public TableDescription<Item> Table { get; init; } = Items.Table();

    public BatchSinkDefaults Defaults { get; init; } = new(FlushSize: 100, LingerTime: TimeSpan.FromMilliseconds(50), MaxConcurrentFlushes: 1);

    /// <summary>The error for a row on its n-th delivery to the sink (1 for the first), or null to apply it.</summary>
    public Func<Item, int, Exception?> RowError { get; set; } = (_, _) => null;

    /// <summary>Runs at the start of each call; may throw (the call then applies nothing) or wait on the token.</summary>
    public Func<Item[], RowOutcomes, CancellationToken, ValueTask<bool>>? OnCall { get; set; }

    public ConcurrentQueue<Item[]> Calls { get; } = new();

    public ConcurrentQueue<Item> Applied { get; } = new();

    public async ValueTask WriteAsync(ReadOnlyMemory<Item> rows, RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        var copy = rows.ToArray();
        Calls.Enqueue(copy);
        if (OnCall is { } hook && !await hook(copy, outcomes, cancellationToken))
        {
            return;
        }

        for (var i = 0; i < copy.Length; i++)
        {
            var delivery = _seen.AddOrUpdate(copy[i].Id, 1, static (_, n) => n + 1);
            if (RowError(copy[i], delivery) is { } error)
            {
                outcomes.Fail(i, error);
            }
            else
            {
                Applied.Enqueue(copy[i]);
            }
        }
    }

    public bool IsTransient(Exception exception) => exception is TransientTestException or TimeoutException;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
