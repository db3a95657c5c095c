using BatchFlow.Benchmarks.Core;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>No database: the flow's core alone, against the raw channel with the same producers (the core suites' baseline).</summary>
internal sealed class NullTarget : ScalingTarget
{
    private IAsyncDisposable? _channel;
    private Func<long> _rows = () => 0;
    private long _before;

    public override Task SetUpAsync(string name, IReadOnlyList<ColumnDescription> columns) => Task.CompletedTask;

    public override void Reset() => _before = _rows();

    public override long CountStored() => _rows() - _before;

    public override IBatchSink<T> CreateSink<T>(TableDescription<T> table)
    {
        var sink = new NullSink<T>(table);
        _rows = () => sink.Rows;
        return sink;
    }

    public override async Task WriteRawAsync<T>(ColumnarRows data, T[] rows, int batchSize, int producers)
    {
        if (_channel is not RawChannelPipeline<T> channel)
        {
            // Created on first use, in the warm-up, like the flow in its global setup.
            var sink = (NullSink<T>)CreateSink(new TableDescription<T>("null", Conflict.None, [.. data.Columns], keyComparer: null, NoRowWriter<T>.Instance));
            _channel = channel = new RawChannelPipeline<T>(sink, capacity: 10_000, batchSize);
            _before = 0;
        }

        var writer = channel.Writer;
        await ProducerTasks.RunAsync(rows.Length, producers, async (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                await writer.WriteAsync(rows[i]).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await channel.FlushAsync().ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }
}
