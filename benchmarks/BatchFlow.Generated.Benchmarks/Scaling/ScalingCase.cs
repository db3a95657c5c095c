using BatchFlow.Benchmarks.Core;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// One case of a scaling suite: a sink, a row width, a flush size and a number of producers, with the rows built,
/// the table created, and a flow that lives for the whole process, as an application's would. <see cref="FlowAsync"/>
/// submits every row from the producers and flushes; <see cref="RawAsync"/> writes the same values through the
/// provider's raw path (the baseline). <see cref="Check"/> throws unless the iteration stored every row, none failed.
/// </summary>
public abstract class ScalingCase : IAsyncDisposable
{
    /// <summary>The columns of each width the suites measure.</summary>
    public const int Narrow = 4, Medium = 16, Wide = 40;

    /// <summary>Sets up a case; <paramref name="flushSize"/> null keeps the provider's default.</summary>
    public static async Task<ScalingCase> CreateAsync(Sink sink, int width, int? flushSize, int producers, int rows)
    {
        ScalingCase created = width switch
        {
            Narrow => new ScalingCase<Row4>(sink, Row4Flow.Table, ScalingRows.Row4s, flushSize, producers, rows),
            Medium => new ScalingCase<Row16>(sink, Row16Flow.Table, ScalingRows.Row16s, flushSize, producers, rows),
            Wide => new ScalingCase<Row40>(sink, Row40Flow.Table, ScalingRows.Row40s, flushSize, producers, rows),
            _ => throw new ArgumentOutOfRangeException(nameof(width), width, "The suites measure 4, 16 or 40 columns."),
        };
        await created.SetUpAsync().ConfigureAwait(false);
        return created;
    }

    /// <summary>Every row from the producers through the flow, then <c>FlushAsync</c>.</summary>
    public abstract Task FlowAsync();

    /// <summary>Every row through the provider's raw path, batches of the flow's flush size.</summary>
    public abstract Task RawAsync();

    /// <summary>Empties the table before an iteration.</summary>
    public abstract void Reset();

    /// <summary>Throws unless the iteration stored exactly every row and no row failed.</summary>
    public abstract void Check();

    public abstract ValueTask DisposeAsync();

    protected abstract Task SetUpAsync();
}

/// <inheritdoc cref="ScalingCase"/>
internal sealed class ScalingCase<T>(Sink sink, TableDescription<T> table, Func<ColumnarRows, T[]> build, int? flushSize, int producers, int count) : ScalingCase
    where T : class
{
    private readonly ScalingTarget _target = ScalingTarget.For(sink);
    private ColumnarRows? _data;
    private T[] _rows = [];
    private IBatchSink<T>? _sink;
    private BatchFlow<T>? _flow;
    private int _batchSize;
    private long _failed;
    private string? _firstError;

    public override async Task FlowAsync()
    {
        var flow = _flow ??= CreateFlow();
        var rows = _rows;
        await ProducerTasks.RunAsync(rows.Length, producers, async (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                await flow.SubmitAsync(rows[i]).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await flow.FlushAsync().ConfigureAwait(false);
    }

    public override Task RawAsync() => _target.WriteRawAsync(_data!, _rows, _batchSize, producers);

    public override void Reset() => _target.Reset();

    public override void Check()
    {
        var stored = _target.CountStored();
        var failed = Interlocked.Read(ref _failed);
        if (stored != count || failed != 0)
        {
            throw new InvalidOperationException($"{sink}, {table.Columns.Count} columns: the iteration stored {stored} of {count} rows ({failed} failed; first error: {_firstError ?? "none"}).");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // The flow disposes its sink; a sink no flow took (the raw path's processes) is disposed here.
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }
        else if (_sink is not null)
        {
            await _sink.DisposeAsync().ConfigureAwait(false);
        }

        await _target.DisposeAsync().ConfigureAwait(false);
    }

    protected override async Task SetUpAsync()
    {
        _data = new ColumnarRows(table.Columns, count);
        _rows = build(_data);
        await _target.SetUpAsync(table.Name, table.Columns).ConfigureAwait(false);
        // The flow's sink, made now for its defaults: the flush size is the one given, else the provider's.
        _sink = _target.CreateSink(table);
        _batchSize = flushSize ?? _sink.Defaults.FlushSize;
    }

    // Created on first use (the first iteration, a warm-up one), after the table exists.
    private BatchFlow<T> CreateFlow() => new(_sink!, new BatchFlowOptions<T>
    {
        FlushSize = flushSize,
        OnFailure = failure =>
        {
            Interlocked.Add(ref _failed, failure.Rows.Count);
            _firstError ??= failure.Exception.Message;
            return ValueTask.CompletedTask;
        },
    });
}
