namespace BatchFlow;

/// <summary>
/// What every flow offers whatever its row type: its lifetime and its state. Hosts, health checks and shutdown code
/// use it to complete and watch flows they did not create (<see cref="BatchFlow{T}"/> implements it).
/// </summary>
public interface IBatchFlow : IAsyncDisposable, IDisposable
{
    /// <summary>The table the flow writes to.</summary>
    string TableName { get; }

    /// <summary>The provider the flow writes through (e.g. <c>postgresql</c>).</summary>
    string ProviderName { get; }

    /// <summary>How many rows the queue holds before submitters wait (<see cref="BatchFlowOptions.Capacity"/>).</summary>
    int Capacity { get; }

    /// <summary>Ends when the flow has completed; see <see cref="BatchFlow{T}.Completion"/>.</summary>
    Task Completion { get; }

    /// <summary>Whether completion has begun: the flow accepts no more rows.</summary>
    bool IsCompleting { get; }

    /// <summary>A snapshot of the flow's counts and write health.</summary>
    BatchFlowStatus GetStatus();

    /// <summary>
    /// Stops accepting rows and writes what the flow holds; when <paramref name="cancellationToken"/> is cancelled first
    /// (the shutdown deadline), rows not yet written go to the dead-letter file or the failure handler instead. See
    /// <see cref="BatchFlow{T}.CompleteAsync(CancellationToken)"/>.
    /// </summary>
    /// <param name="cancellationToken">The shutdown deadline.</param>
    /// <returns><see cref="Completion"/>.</returns>
    Task CompleteAsync(CancellationToken cancellationToken);
}
