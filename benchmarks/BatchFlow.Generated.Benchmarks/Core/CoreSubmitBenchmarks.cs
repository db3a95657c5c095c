using BatchFlow.Benchmarks.Core.GoPort;
using BatchFlow.Benchmarks.Rows;
using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// The batching core alone, in front of a sink that does nothing: rows/s and bytes per row of submitting
/// <see cref="RowsPerInvoke"/> rows from 1 or 4 producers and waiting until the last batch reached the sink.
/// Three paths: a raw bounded channel with one batching reader (the limit), the generated flow, and a port of
/// the Go design (a dictionary request per row). <see cref="GeneratedFlowBulk"/> is the flow's bulk submit, rows in
/// hand handed over <see cref="BulkChunk"/> at a time (ADR 0012). Every figure is per row (<c>OperationsPerInvoke</c>).
/// </summary>
/// <remarks>
/// Rows are built once, before measuring, and every path reads the same <see cref="UserRow"/> objects: the raw
/// channel and the flow enqueue them as they are, the Go port feeds their values to its setters (the request and
/// its boxed values are what the Go design costs per row, so they are measured). <see cref="GeneratedFlowNewRows"/>
/// adds the caller's allocation of a fresh record per row, for the whole per-row cost a user pays.
/// Each path is long-lived (created once per process) and flushed at the end of each invocation, so the figures
/// are steady-state: the per-invocation flush is amortised over 100,000 rows.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class CoreSubmitBenchmarks
{
    /// <summary>Rows submitted per invocation, split evenly between the producers.</summary>
    public const int RowsPerInvoke = 100_000;

    /// <summary>Rows per batch for every path.</summary>
    public const int BatchSize = 1_000;

    /// <summary>Rows per <c>SubmitManyAsync</c> call in <see cref="GeneratedFlowBulk"/>.</summary>
    public const int BulkChunk = 1_000;

    /// <summary>Queue capacity for every path (the flow's default).</summary>
    public const int Capacity = 10_000;

    private static readonly Schema s_schema = new("users", "id", "name", "email", "created_at");

    private UserRow[] _rows = [];
    private NullSink<UserRow>? _sink;
    private NullSink<object?[]>? _portSink;
    private RawChannelPipeline<UserRow>? _channel;
    private UserRowFlow? _flow;
    private RequestFlow? _port;

    /// <summary>Producers submitting concurrently.</summary>
    [Params(1, 4)]
    public int Producers { get; set; }

    [GlobalSetup(Target = nameof(RawChannel))]
    public void SetUpChannel()
    {
        SetUpRows();
        _sink = new NullSink<UserRow>(UserRowFlow.Table);
        _channel = new RawChannelPipeline<UserRow>(_sink, Capacity, BatchSize);
    }

    [GlobalSetup(Targets = [nameof(GeneratedFlow), nameof(GeneratedFlowNewRows), nameof(GeneratedFlowBulk)])]
    public void SetUpFlow()
    {
        SetUpRows();
        _sink = new NullSink<UserRow>(UserRowFlow.Table);
        _flow = UserRowFlow.Create(_sink, new BatchFlowOptions { Capacity = Capacity, FlushSize = BatchSize });
    }

    [GlobalSetup(Target = nameof(GoDictionaryPort))]
    public void SetUpPort()
    {
        SetUpRows();
        _portSink = new NullSink<object?[]>(new TableDescription<object?[]>(
            "users",
            Conflict.None,
            [.. UserRowFlow.Table.Columns],
            keyComparer: null,
            NoRowWriter<object?[]>.Instance));
        _port = new RequestFlow(_portSink, Capacity, BatchSize);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RowsPerInvoke)]
    public async Task RawChannel()
    {
        var writer = _channel!.Writer;
        await Produce(async (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                await writer.WriteAsync(_rows[i]).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await _channel.FlushAsync().ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = RowsPerInvoke)]
    public async Task GeneratedFlow()
    {
        var flow = _flow!;
        await Produce(async (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                await flow.SubmitAsync(_rows[i]).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await flow.FlushAsync().ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = RowsPerInvoke)]
    public async Task GeneratedFlowBulk()
    {
        var flow = _flow!;
        var rows = _rows;
        await Produce(async (start, end) =>
        {
            for (var i = start; i < end; i += BulkChunk)
            {
                await flow.SubmitManyAsync(rows.AsMemory(i, Math.Min(BulkChunk, end - i))).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await flow.FlushAsync().ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = RowsPerInvoke)]
    public async Task GeneratedFlowNewRows()
    {
        var flow = _flow!;
        await Produce(async (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var source = _rows[i];
                await flow.SubmitAsync(new UserRow(source.Id, source.Name, source.Email, source.CreatedAt)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await flow.FlushAsync().ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = RowsPerInvoke)]
    public async Task GoDictionaryPort()
    {
        var port = _port!;
        await Produce(async (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var source = _rows[i];
                var request = new Request(s_schema)
                    .SetInt64("id", source.Id)
                    .SetString("name", source.Name);
                request = source.Email is { } email ? request.SetString("email", email) : request.SetNull("email");
                request.SetTime("created_at", source.CreatedAt);
                await port.SubmitAsync(request).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await port.FlushAsync().ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        if (_port is not null)
        {
            await _port.DisposeAsync().ConfigureAwait(false);
        }

        // Every path must have delivered every row it was given, in whole invocations.
        var delivered = _sink?.Rows ?? _portSink!.Rows;
        if (delivered == 0 || delivered % RowsPerInvoke != 0)
        {
            throw new InvalidOperationException($"The sink received {delivered} rows, not a multiple of {RowsPerInvoke}.");
        }
    }

    private void SetUpRows() => _rows = UserRows.Create(RowsPerInvoke);

    /// <summary>Runs <paramref name="produce"/> over the rows: inline for one producer, on the thread pool for several.</summary>
    private Task Produce(Func<int, int, Task> produce) => ProducerTasks.RunAsync(_rows.Length, Producers, produce);
}
