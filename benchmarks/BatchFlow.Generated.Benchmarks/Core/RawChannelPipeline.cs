using System.Threading.Channels;

namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// The limit the flow's core is held against: a bounded <see cref="Channel{T}"/>, producers writing to it, and one
/// reader that copies rows into a reused array and hands every full array to the sink. No timestamps, no metrics,
/// no linger, no retry, no write off the reader's loop: only the channel and the batching.
/// </summary>
public sealed class RawChannelPipeline<T> : IAsyncDisposable
    where T : class
{
    private readonly Channel<T?> _queue;
    private readonly IBatchSink<T> _sink;
    private readonly SemaphoreSlim _flushed = new(0);
    private readonly Task _reader;

    public RawChannelPipeline(IBatchSink<T> sink, int capacity, int batchSize)
    {
        _sink = sink;
        _queue = Channel.CreateBounded<T?>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _reader = Task.Run(() => ReadAsync(batchSize));
    }

    public ChannelWriter<T?> Writer => _queue.Writer;

    /// <summary>Returns when every row written before the call has been handed to the sink.</summary>
    public async Task FlushAsync()
    {
        // A null row is the flush marker: the reader writes its partial batch and signals.
        await _queue.Writer.WriteAsync(null).ConfigureAwait(false);
        await _flushed.WaitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _reader.ConfigureAwait(false);
        _flushed.Dispose();
    }

    private async Task ReadAsync(int batchSize)
    {
        var reader = _queue.Reader;
        var batch = new T[batchSize];
        var count = 0;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var row))
            {
                if (row is null)
                {
                    if (count > 0)
                    {
                        await _sink.WriteAsync(batch.AsMemory(0, count), CancellationToken.None).ConfigureAwait(false);
                        count = 0;
                    }

                    _flushed.Release();
                    continue;
                }

                batch[count++] = row;
                if (count == batch.Length)
                {
                    await _sink.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    count = 0;
                }
            }
        }
    }
}
