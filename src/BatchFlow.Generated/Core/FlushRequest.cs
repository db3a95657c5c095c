namespace BatchFlow;

/// <summary>A <c>FlushAsync</c> call waiting for every batch dispatched before its place in the queue.</summary>
internal sealed class FlushRequest
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _done.Task;

    /// <summary>Completes when <paramref name="writes"/> have all finished (write tasks never fault).</summary>
    public void CompleteAfter(Task[] writes)
    {
        if (writes.Length == 0)
        {
            _done.TrySetResult();
            return;
        }

        Task.WhenAll(writes).ContinueWith(
            static (_, state) => ((TaskCompletionSource)state!).TrySetResult(),
            _done,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
