using BatchFlow.Sqlite;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Benchmarks.Sqlite;

/// <summary>
/// Rows per INSERT statement (K) on the SQLite write path: 10,000 rows of (id, name, email, created_at) written
/// through <see cref="SqliteBatchSink{T}.WriteAsync"/> in batches, one transaction per batch, into a file database
/// whose table is recreated before every iteration. docs/adr/0002-sqlite-write-path.md records the results.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class SqliteStatementShapeBenchmarks
{
    private const int TotalRows = 10_000;

    private string _directory = "";
    private string _connectionString = "";
    private SqliteConnection? _admin;
    private SqliteBatchSink<BenchmarkUser>? _sink;
    private BenchmarkUser[] _rows = [];

    /// <summary>Rows per multi-row INSERT statement.</summary>
    [Params(1, 10, 25, 50, 100)]
    public int RowsPerStatement { get; set; }

    /// <summary>Rows per batch, and so per transaction.</summary>
    [Params(1_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "batchflow-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "bench.db") }.ConnectionString;
        _admin = new SqliteConnection(_connectionString);
        _admin.Open();

        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        _rows = Enumerable.Range(1, TotalRows)
            .Select(i => new BenchmarkUser(i, $"user{i}", $"user{i}@example.com", start.AddMilliseconds(i * 1_234.5)))
            .ToArray();
        _sink = new SqliteBatchSink<BenchmarkUser>(_connectionString, BenchmarkUser.Table, RowsPerStatement, busyTimeout: null);
    }

    [IterationSetup]
    public void RecreateTable()
    {
        using var command = _admin!.CreateCommand();
        command.CommandText = "DROP TABLE IF EXISTS users; CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL)";
        command.ExecuteNonQuery();
    }

    [Benchmark]
    public async Task WriteBatches()
    {
        var rows = _rows.AsMemory();
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            await _sink!.WriteAsync(rows.Slice(offset, Math.Min(BatchSize, rows.Length - offset)), CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        using (var command = _admin!.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM users";
            if ((long)command.ExecuteScalar()! != TotalRows)
            {
                throw new InvalidOperationException("The last iteration did not write every row.");
            }
        }

        await _sink!.DisposeAsync();
        _admin.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
