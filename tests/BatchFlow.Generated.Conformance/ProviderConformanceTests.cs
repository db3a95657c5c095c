using System.Collections.Concurrent;

namespace BatchFlow.Conformance;

/// <summary>
/// The semantics every provider keeps, pinned once: a provider's test project derives one class from this and says
/// how to reach its database (<see cref="CreateTarget"/>). The tests are in the partial files beside this one, by
/// concern: conflict modes, types, failures, load and shutdown.
/// </summary>
public abstract partial class ProviderConformanceTests : IAsyncLifetime
{
    private ConformanceTarget? _target;

    /// <summary>The provider under test, fresh for each test.</summary>
    protected ConformanceTarget Target => _target ?? throw new InvalidOperationException("The target is created before each test.");

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _target = CreateTarget();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    /// <summary>Creates the provider's target for one test.</summary>
    protected abstract ConformanceTarget CreateTarget();

    /// <summary>A flow over the provider's sink for <paramref name="table"/>.</summary>
    protected BatchFlow<T> Flow<T>(TableDescription<T> table, BatchFlowOptions? options = null) => new(Target.CreateSink(table), options);

    /// <summary>Options that collect failed rows.</summary>
    protected static (BatchFlowOptions<T> Options, ConcurrentQueue<BatchFailure<T>> Failures) Collecting<T>(int flushSize, TimeSpan? linger = null)
    {
        var failures = new ConcurrentQueue<BatchFailure<T>>();
        var options = new BatchFlowOptions<T>
        {
            FlushSize = flushSize,
            LingerTime = linger ?? TimeSpan.FromHours(1),
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        };
        return (options, failures);
    }
}
