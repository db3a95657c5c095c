using BatchFlow.Benchmarks.Rows;
using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// Where the generated flow's allocations come from: the same submit-and-flush as
/// <see cref="CoreSubmitBenchmarks.GeneratedFlow"/> (one producer, do-nothing sink), at 100, 1,000 and 10,000 rows
/// per batch. Bytes per row that shrink tenfold with each tenfold batch size are allocated per batch (the write
/// task, its timeout, the pooled buffer's wrapper); what stays at the largest batch size is the per-row cost.
/// <see cref="GeneratedFlowBulk"/> does the same through the bulk submit, 1,000 rows per call
/// (<see cref="CoreSubmitBenchmarks.BulkChunk"/>), whose pooled chunks must add nothing per row.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class CoreAllocationBenchmarks
{
    private UserRow[] _rows = [];
    private NullSink<UserRow>? _sink;
    private UserRowFlow? _flow;

    /// <summary>Rows per batch.</summary>
    [Params(100, 1_000, 10_000)]
    public int FlushSize { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _rows = UserRows.Create(CoreSubmitBenchmarks.RowsPerInvoke);
        _sink = new NullSink<UserRow>(UserRowFlow.Table);
        _flow = UserRowFlow.Create(_sink, new BatchFlowOptions { Capacity = CoreSubmitBenchmarks.Capacity, FlushSize = FlushSize });
    }

    [Benchmark(OperationsPerInvoke = CoreSubmitBenchmarks.RowsPerInvoke)]
    public async Task GeneratedFlow()
    {
        var flow = _flow!;
        foreach (var row in _rows)
        {
            await flow.SubmitAsync(row).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = CoreSubmitBenchmarks.RowsPerInvoke)]
    public async Task GeneratedFlowBulk()
    {
        var flow = _flow!;
        for (var i = 0; i < _rows.Length; i += CoreSubmitBenchmarks.BulkChunk)
        {
            await flow.SubmitManyAsync(_rows.AsMemory(i, Math.Min(CoreSubmitBenchmarks.BulkChunk, _rows.Length - i))).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _flow!.DisposeAsync().ConfigureAwait(false);
        if (_sink!.Rows % CoreSubmitBenchmarks.RowsPerInvoke != 0)
        {
            throw new InvalidOperationException($"The sink received {_sink.Rows} rows, not a multiple of {CoreSubmitBenchmarks.RowsPerInvoke}.");
        }
    }
}
