using System.Threading.Channels;

namespace BatchFlow.Benchmarks.Core.GoPort;

/// <summary>
/// Port of the Go batch flow that this library replaces, reduced to its per-row path: <see cref="SubmitAsync"/>
/// enqueues a <see cref="Request"/> into a bounded channel (Go: a buffered <c>chan *Request</c>); one worker collects
/// requests until the batch is full, then flushes: it groups the batch per schema (<c>map[*Schema][]*Request</c>),
/// turns each group into a row list (<c>[][]any</c>, one <c>[]any</c> per row, values looked up by column name) and
/// hands it to the executor, here the same do-nothing sink as the other paths.
/// </summary>
/// <remarks>
/// Left out, each in the port's favour: the flush ticker (only the size trigger fires in a benchmark), retries,
/// metrics, and flushing on separate goroutines (the worker flushes inline, so no handoff is paid).
/// </remarks>
public sealed class RequestFlow : IAsyncDisposable
{
    private readonly Channel<Request?> _queue;
    private readonly IBatchSink<object?[]> _executor;
    private readonly SemaphoreSlim _flushed = new(0);
    private readonly Task _worker;

    public RequestFlow(IBatchSink<object?[]> executor, int capacity, int batchSize)
    {
        _executor = executor;
        _queue = Channel.CreateBounded<Request?>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _worker = Task.Run(() => WorkAsync(batchSize));
    }

    /// <summary>Enqueues a request; waits while the queue is full.</summary>
    public ValueTask SubmitAsync(Request request) => _queue.Writer.WriteAsync(request);

    /// <summary>Returns when every request submitted before the call has been handed to the executor.</summary>
    public async Task FlushAsync()
    {
        await _queue.Writer.WriteAsync(null).ConfigureAwait(false);
        await _flushed.WaitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        _flushed.Dispose();
    }

    private async Task WorkAsync(int batchSize)
    {
        var reader = _queue.Reader;
        var pending = new List<Request>(batchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                if (request is null)
                {
                    await FlushBatchAsync(pending).ConfigureAwait(false);
                    _flushed.Release();
                    continue;
                }

                pending.Add(request);
                if (pending.Count == batchSize)
                {
                    await FlushBatchAsync(pending).ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask FlushBatchAsync(List<Request> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var groups = new Dictionary<Schema, List<Request>>();
        foreach (var request in pending)
        {
            if (!groups.TryGetValue(request.Schema, out var group))
            {
                groups[request.Schema] = group = [];
            }

            group.Add(request);
        }

        pending.Clear();
        foreach (var (schema, requests) in groups)
        {
            var rows = new object?[requests.Count][];
            for (var i = 0; i < rows.Length; i++)
            {
                var row = new object?[schema.Columns.Length];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = requests[i].Get(schema.Columns[c]);
                }

                rows[i] = row;
            }

            await _executor.WriteAsync(rows, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
