namespace BatchFlow;

/// <summary>
/// A batched writer of <typeparamref name="T"/> rows: <see cref="SubmitAsync"/> enqueues, the flow writes batches
/// by size or linger time through its sink, retries transient failures and reports rows that fail for good.
/// Generated <c>{Type}Flow</c> classes derive from it; use it directly with a custom <see cref="IBatchSink{T}"/>.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public class BatchFlow<T> : IAsyncDisposable
{
    /// <summary>Starts a flow over <paramref name="sink"/>.</summary>
    /// <param name="sink">Where batches are written. The flow owns it and disposes it when it completes.</param>
    /// <param name="options">Settings; null for the defaults. Pass a <see cref="BatchFlowOptions{T}"/> to receive failed rows.</param>
    public BatchFlow(IBatchSink<T> sink, BatchFlowOptions? options = null)
    {
        throw new NotImplementedException();
    }

    /// <summary>Enqueues a row; waits while the queue is full.</summary>
    public ValueTask SubmitAsync(T row, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Enqueues a row if the queue has room; never waits.</summary>
    public bool TrySubmit(T row) => throw new NotImplementedException();

    /// <summary>Returns when every row accepted before the call is committed or reported failed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Stops accepting rows, writes everything buffered and waits for every write in flight.</summary>
    public Task CompleteAsync() => throw new NotImplementedException();

    /// <summary>Ends when the flow has completed and every write has finished.</summary>
    public Task Completion => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        throw new NotImplementedException();
    }
}
