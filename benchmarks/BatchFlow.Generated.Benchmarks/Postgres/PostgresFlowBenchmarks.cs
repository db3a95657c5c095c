using BatchFlow.PostgreSql;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;

namespace BatchFlow.Benchmarks;

/// <summary>
/// The whole path, for choosing the PostgreSQL defaults: one producer submits 200,000 rows into a
/// <see cref="BatchFlow{T}"/> over <see cref="PostgresBatchSink{T}"/> and disposes it (which returns once every row is
/// committed), into an empty table, for each flush size and number of concurrent writes.
/// Run: <c>source eng/postgres.sh; dotnet run -c Release --project benchmarks/BatchFlow.Generated.Benchmarks --
/// --filter '*PostgresFlow*'</c>.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Design)]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class PostgresFlowBenchmarks
{
    private const string TableName = "bench_flow";
    private const int RowCount = 200_000;

    private NpgsqlDataSource _dataSource = null!;
    private PgUser[] _rows = null!;

    [Params(1_000, 5_000, 10_000)]
    public int FlushSize { get; set; }

    [Params(1, 2, 4)]
    public int MaxConcurrentFlushes { get; set; }

    [Params(Conflict.None, Conflict.Update)]
    public Conflict Mode { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _dataSource = NpgsqlDataSource.Create(PgBench.ConnectionString);
        await PgBench.RecreateAsync(_dataSource, TableName);
        _rows = PgBench.Rows(0, RowCount, "flow");
    }

    [IterationSetup]
    public void Empty()
    {
        using var truncate = _dataSource.CreateCommand($"TRUNCATE \"{TableName}\"");
        truncate.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await PgBench.DropAsync(_dataSource, TableName);
        await _dataSource.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = RowCount)]
    public async Task Submit200k()
    {
        var sink = new PostgresBatchSink<PgUser>(_dataSource, PgBench.Table(TableName, Mode));
        await using var flow = new BatchFlow<PgUser>(sink, new BatchFlowOptions { FlushSize = FlushSize, MaxConcurrentFlushes = MaxConcurrentFlushes });
        foreach (var row in _rows)
        {
            await flow.SubmitAsync(row);
        }
    }
}
