using BatchFlow.PostgreSql;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.Benchmarks;

/// <summary>
/// How to write one batch of upserts (Conflict.Ignore / Update) into PostgreSQL, on one kept connection:
/// <list type="bullet">
/// <item><c>Unnest</c>: one prepared <c>INSERT … SELECT … FROM unnest($1::bigint[], $2::text[], …) ON CONFLICT …</c>
/// with one typed array parameter per column.</item>
/// <item><c>StagingCopy</c>: the sink's path: binary COPY into a per-connection temporary table, then
/// <c>INSERT … SELECT … FROM staging ON CONFLICT …</c>, in one transaction.</item>
/// <item><c>PlainCopy</c> (Conflict.None, for scale): binary COPY straight into the table, fresh keys only.</item>
/// </list>
/// Every iteration starts from an empty table and makes 32 calls; each call writes one batch whose first half
/// overlaps the previous batch's keys, so half of an upsert batch conflicts (and is updated or skipped) and half inserts. Run: <c>source eng/postgres.sh; dotnet run -c Release --project
/// benchmarks/BatchFlow.Generated.Benchmarks -- --filter '*PostgresConflictPath*'</c>.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Design)]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 12, invocationCount: Calls)]
public class PostgresConflictPathBenchmarks
{
    private const string TableName = "bench_conflict_path";
    private const int Calls = 32;

    private NpgsqlDataSource _dataSource = null!;
    private PgUser[][] _pages = null!;
    private int _page;

    // Unnest path state: one kept connection, a prepared statement, typed array parameters reused across calls.
    private NpgsqlConnection _connection = null!;
    private NpgsqlCommand _unnest = null!;
    private long[] _ids = null!;
    private string[] _names = null!;
    private string?[] _emails = null!;
    private DateTime[] _created = null!;

    // Staging and plain COPY paths: the real sink.
    private PostgresBatchSink<PgUser> _sink = null!;

    [Params(1_000, 5_000, 10_000)]
    public int BatchSize { get; set; }

    [Params(Conflict.Ignore, Conflict.Update)]
    public Conflict Mode { get; set; }

    [GlobalSetup(Targets = [nameof(Unnest)])]
    public async Task SetupUnnest()
    {
        await SetupAsync(overlap: true);
        _connection = await _dataSource.OpenConnectionAsync();
        var conflict = Mode == Conflict.Ignore
            ? "DO NOTHING"
            : "DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, created_at = EXCLUDED.created_at";
        _unnest = new NpgsqlCommand(
            $"INSERT INTO \"{TableName}\" (id, name, email, created_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamp[]) ON CONFLICT (id) {conflict}",
            _connection);
        _ids = new long[BatchSize];
        _names = new string[BatchSize];
        _emails = new string?[BatchSize];
        _created = new DateTime[BatchSize];
        _unnest.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = _ids });
        _unnest.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = _names });
        _unnest.Parameters.Add(new NpgsqlParameter<string?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = _emails });
        _unnest.Parameters.Add(new NpgsqlParameter<DateTime[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Timestamp, TypedValue = _created });
        await _unnest.PrepareAsync();
    }

    [GlobalSetup(Targets = [nameof(StagingCopy)])]
    public async Task SetupStaging()
    {
        await SetupAsync(overlap: true);
        _sink = new PostgresBatchSink<PgUser>(_dataSource, PgBench.Table(TableName, Mode));
    }

    [GlobalSetup(Targets = [nameof(PlainCopy)])]
    public async Task SetupPlain()
    {
        await SetupAsync(overlap: false);
        _sink = new PostgresBatchSink<PgUser>(_dataSource, PgBench.Table(TableName, Conflict.None));
    }

    [IterationSetup]
    public void Empty()
    {
        using var truncate = _dataSource.CreateCommand($"TRUNCATE \"{TableName}\"");
        truncate.ExecuteNonQuery();
        _page = 0;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }

        if (_unnest is not null)
        {
            await _unnest.DisposeAsync();
            await _connection.DisposeAsync();
        }

        await PgBench.DropAsync(_dataSource, TableName);
        await _dataSource.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task Unnest()
    {
        var rows = NextPage();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            _ids[i] = row.Id;
            _names[i] = row.Name;
            _emails[i] = row.Email;
            _created[i] = row.CreatedAt;
        }

        await _unnest.ExecuteNonQueryAsync();
    }

    [Benchmark]
    public ValueTask StagingCopy() => _sink.WriteAsync(NextPage(), CancellationToken.None);

    [Benchmark]
    public ValueTask PlainCopy() => _sink.WriteAsync(NextPage(), CancellationToken.None);

    private PgUser[] NextPage() => _pages[_page++];

    private async Task SetupAsync(bool overlap)
    {
        _dataSource = NpgsqlDataSource.Create(PgBench.ConnectionString);
        await PgBench.RecreateAsync(_dataSource, TableName);

        // Upserts: page k starts half a batch after page k-1, so half its keys exist already, with another name.
        // Plain COPY: pages never overlap.
        var step = overlap ? BatchSize / 2 : BatchSize;
        _pages = new PgUser[Calls][];
        for (var page = 0; page < Calls; page++)
        {
            _pages[page] = PgBench.Rows((long)page * step, BatchSize, page % 2 == 0 ? "even" : "odd");
        }

        _page = 0;
    }
}
