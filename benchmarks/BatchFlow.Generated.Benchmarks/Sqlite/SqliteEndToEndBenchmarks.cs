using BatchFlow.Benchmarks.Rows;
using BatchFlow.Sqlite;
using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.SQLite;
using LinqToDB.Mapping;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Benchmarks.Sqlite;

/// <summary>
/// <see cref="TotalRows"/> rows into a SQLite file in batches of <see cref="BatchSize"/>, one transaction per batch,
/// through four paths: the generated flow, hand-written ADO.NET (the driver's best plain path), Dapper and
/// linq2db's BulkCopy. The table is dropped and recreated before every iteration; each path keeps its connection
/// (the flow: its sink's sessions) for the whole process, as an application would. Figures are per row.
/// <see cref="SinkOnly"/> calls the flow's SQLite sink directly, batch after batch on one thread, to separate what
/// the sink costs from what the flow's core adds in front of it.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class SqliteEndToEndBenchmarks
{
    /// <summary>Rows per invocation (one invocation per iteration, because of the table reset).</summary>
    public const int TotalRows = 100_000;

    /// <summary>Rows per batch and per transaction, for every path.</summary>
    public const int BatchSize = 1_000;

    private const string CreateTable = "DROP TABLE IF EXISTS users; CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL)";
    private const string InsertSql = "INSERT INTO users (id, name, email, created_at) VALUES (@Id, @Name, @Email, @CreatedAt)";

    private string _directory = "";
    private string _connectionString = "";
    private SqliteConnection? _admin;
    private UserRow[] _rows = [];
    private UserRowFlow? _flow;
    private SqliteBatchSink<UserRow>? _sink;
    private long _failedRows;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteParameter? _id, _name, _email, _createdAt;
    private DataConnection? _linq2db;
    private BulkCopyOptions? _bulkCopy;

    [GlobalSetup(Target = nameof(GeneratedFlow))]
    public void SetUpFlow()
    {
        SetUpDatabase();
        _flow = UserRowFlow.Sqlite(_connectionString, new BatchFlowOptions<UserRow>
        {
            FlushSize = BatchSize,
            OnFailure = failure =>
            {
                Interlocked.Add(ref _failedRows, failure.Rows.Count);
                return ValueTask.CompletedTask;
            },
        });
    }

    [GlobalSetup(Target = nameof(SinkOnly))]
    public void SetUpSink()
    {
        SetUpDatabase();
        _sink = new SqliteBatchSink<UserRow>(_connectionString, UserRowFlow.Table);
    }

    [GlobalSetup(Target = nameof(AdoNet))]
    public void SetUpAdoNet()
    {
        SetUpDatabase();
        _connection = OpenConnection();
        _insert = _connection.CreateCommand();
        _insert.CommandText = InsertSql;
        _id = _insert.Parameters.Add("@Id", SqliteType.Integer);
        _name = _insert.Parameters.Add("@Name", SqliteType.Text);
        _email = _insert.Parameters.Add("@Email", SqliteType.Text);
        _createdAt = _insert.Parameters.Add("@CreatedAt", SqliteType.Text);
    }

    [GlobalSetup(Target = nameof(Dapper))]
    public void SetUpDapper()
    {
        SetUpDatabase();
        _connection = OpenConnection();
    }

    [GlobalSetup(Target = nameof(Linq2DbBulkCopy))]
    public void SetUpLinq2Db()
    {
        SetUpDatabase();
        var mapping = new MappingSchema();
        new FluentMappingBuilder(mapping)
            .Entity<UserRow>()
            .HasTableName("users")
            .Property(row => row.Id).HasColumnName("id").IsPrimaryKey()
            .Property(row => row.Name).HasColumnName("name")
            .Property(row => row.Email).HasColumnName("email")
            .Property(row => row.CreatedAt).HasColumnName("created_at")
            .Build();
        _linq2db = new DataConnection(new DataOptions()
            .UseSQLite(_connectionString, SQLiteProvider.Microsoft)
            .UseMappingSchema(mapping));
        _bulkCopy = new BulkCopyOptions { MaxBatchSize = BatchSize };
    }

    [IterationSetup]
    public void RecreateTable()
    {
        using var command = _admin!.CreateCommand();
        command.CommandText = CreateTable;
        command.ExecuteNonQuery();
    }

    [IterationCleanup]
    public void CheckRows()
    {
        using var command = _admin!.CreateCommand();
        command.CommandText = "SELECT count(*) FROM users";
        var stored = (long)command.ExecuteScalar()!;
        if (stored != TotalRows || Interlocked.Read(ref _failedRows) != 0)
        {
            throw new InvalidOperationException($"The iteration stored {stored} of {TotalRows} rows ({_failedRows} failed).");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TotalRows)]
    public void AdoNet()
    {
        var rows = _rows;
        var connection = _connection!;
        var insert = _insert!;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var end = Math.Min(offset + BatchSize, rows.Length);
            for (var i = offset; i < end; i++)
            {
                var row = rows[i];
                _id!.Value = row.Id;
                _name!.Value = row.Name;
                _email!.Value = (object?)row.Email ?? DBNull.Value;
                _createdAt!.Value = row.CreatedAt;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    [Benchmark(OperationsPerInvoke = TotalRows)]
    public async Task GeneratedFlow()
    {
        var flow = _flow!;
        foreach (var row in _rows)
        {
            await flow.SubmitAsync(row).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = TotalRows)]
    public async Task SinkOnly()
    {
        var rows = _rows.AsMemory();
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            await _sink!.WriteAsync(rows.Slice(offset, Math.Min(BatchSize, rows.Length - offset)), CancellationToken.None).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void Dapper()
    {
        var rows = _rows;
        var connection = _connection!;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(InsertSql, new ArraySegment<UserRow>(rows, offset, Math.Min(BatchSize, rows.Length - offset)), transaction);
            transaction.Commit();
        }
    }

    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void Linq2DbBulkCopy()
    {
        var rows = _rows;
        var db = _linq2db!;
        var table = db.GetTable<UserRow>();
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            using var transaction = db.BeginTransaction();
            table.BulkCopy(_bulkCopy!, new ArraySegment<UserRow>(rows, offset, Math.Min(BatchSize, rows.Length - offset)));
            transaction.Commit();
        }
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        if (_sink is not null)
        {
            await _sink.DisposeAsync().ConfigureAwait(false);
        }

        _insert?.Dispose();
        _connection?.Dispose();
        _linq2db?.Dispose();
        _admin?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private void SetUpDatabase()
    {
        _directory = Path.Combine(Path.GetTempPath(), "batchflow-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "bench.db") }.ConnectionString;
        _rows = UserRows.Create(TotalRows);
        _admin = OpenConnection();

        // WAL, as the README recommends for write-heavy files; a persistent setting of the file, so every path gets it.
        using var command = _admin.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
