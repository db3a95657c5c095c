namespace BatchFlow;

/// <summary>What a flow tells its sink before the first write (<see cref="IBatchSink{T}.Initialize"/>).</summary>
public sealed class BatchSinkContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="timeProvider">The flow's clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public BatchSinkContext(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
    }

    /// <summary>
    /// The flow's clock (<see cref="BatchFlowOptions.TimeProvider"/>): a sink's own timers (idle connections,
    /// polling) run on it, so that tests on a fake clock control them too.
    /// </summary>
    public TimeProvider TimeProvider { get; }
}
