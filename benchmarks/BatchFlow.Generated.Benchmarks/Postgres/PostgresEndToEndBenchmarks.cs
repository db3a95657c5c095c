using System.Data;
using System.Text;
using BatchFlow.Benchmarks.Rows;
using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.PostgreSQL;
using LinqToDB.Mapping;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.Benchmarks.Postgres;

/// <summary>
/// <see cref="TotalRows"/> rows into a PostgreSQL table in batches of <see cref="BatchSize"/>, through five paths:
/// the raw binary importer with typed writes (the limit), the generated flow with <see cref="Conflict.None"/> and
/// with <see cref="Conflict.Ignore"/>, linq2db's provider-specific BulkCopy, and Dapper with one multi-row INSERT
/// per batch. The table is emptied before every iteration and its row count checked after it; each path keeps its
/// connection (the flow: its sink's sessions) for the whole process, as an application would. Figures are per row.
/// The server is the one <c>eng/postgres.sh</c> starts; the suite works in a schema of its own.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class PostgresEndToEndBenchmarks
{
    /// <summary>Rows per invocation (one invocation per iteration, because of the table reset).</summary>
    public const int TotalRows = 100_000;

    private const string Schema = "batchflow_bench";
    private const string CopySql = "COPY \"users\" (\"id\", \"name\", \"email\", \"created_at\") FROM STDIN (FORMAT BINARY)";

    private NpgsqlDataSource? _dataSource;
    private UserRow[] _rows = [];
    private long _failedRows;
    private UserRowFlow? _flow;
    private IgnoredUserRowFlow? _ignoreFlow;
    private IgnoredUserRow[] _ignoreRows = [];
    private NpgsqlConnection? _connection;
    private DataConnection? _linq2db;
    private BulkCopyOptions? _bulkCopy;
    private string _dapperSql = "";

    /// <summary>Rows per batch (per COPY, per statement, per flush) for every path.</summary>
    [Params(1_000, 10_000)]
    public int BatchSize { get; set; }

    [GlobalSetup(Target = nameof(BinaryImporter))]
    public async Task SetUpImporter()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        _connection = await _dataSource!.OpenConnectionAsync().ConfigureAwait(false);
    }

    [GlobalSetup(Target = nameof(GeneratedFlow))]
    public async Task SetUpFlow()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        _flow = UserRowFlow.Postgres(_dataSource!, new BatchFlowOptions<UserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowIgnore))]
    public async Task SetUpIgnoreFlow()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        _ignoreRows = Array.ConvertAll(_rows, row => new IgnoredUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        _ignoreFlow = IgnoredUserRowFlow.Postgres(_dataSource!, new BatchFlowOptions<IgnoredUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(Linq2DbBulkCopy))]
    public async Task SetUpLinq2Db()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        var mapping = new MappingSchema();
        new FluentMappingBuilder(mapping)
            .Entity<UserRow>()
            .HasSchemaName(Schema)
            .HasTableName("users")
            .Property(row => row.Id).HasColumnName("id").IsPrimaryKey()
            .Property(row => row.Name).HasColumnName("name")
            .Property(row => row.Email).HasColumnName("email")
            .Property(row => row.CreatedAt).HasColumnName("created_at").HasDataType(DataType.DateTimeOffset)
            .Build();
        _linq2db = new DataConnection(new DataOptions()
            .UsePostgreSQL(ConnectionString(), PostgreSQLVersion.v15)
            .UseMappingSchema(mapping));
        _bulkCopy = new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific, MaxBatchSize = BatchSize };
    }

    [GlobalSetup(Target = nameof(DapperMultiRowInsert))]
    public async Task SetUpDapper()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        _connection = await _dataSource!.OpenConnectionAsync().ConfigureAwait(false);
        _dapperSql = MultiRowInsert(BatchSize);
    }

    [IterationSetup]
    public void EmptyTable() => PgBench.Truncate(_dataSource!, "users");

    [IterationCleanup]
    public void CheckRows()
    {
        PgBench.CheckStored(_dataSource!, "users", TotalRows, Interlocked.Read(ref _failedRows));
    }

    /// <summary>The limit: one binary COPY per batch on one open connection, typed writes with an explicit type each.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TotalRows)]
    public void BinaryImporter()
    {
        var rows = _rows;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            using var importer = _connection!.BeginBinaryImport(CopySql);
            var end = Math.Min(offset + BatchSize, rows.Length);
            for (var i = offset; i < end; i++)
            {
                var row = rows[i];
                importer.StartRow();
                importer.Write(row.Id, NpgsqlDbType.Bigint);
                importer.Write(row.Name, NpgsqlDbType.Text);
                if (row.Email is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(row.Email, NpgsqlDbType.Text);
                }

                importer.Write(row.CreatedAt, NpgsqlDbType.TimestampTz);
            }

            importer.Complete();
        }
    }

    /// <summary><c>UserRowFlow.Postgres</c> (<see cref="Conflict.None"/>: binary COPY straight into the table), one producer.</summary>
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

    /// <summary>The same rows through a <see cref="Conflict.Ignore"/> flow: COPY into staging, then INSERT … ON CONFLICT DO NOTHING.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public async Task GeneratedFlowIgnore()
    {
        var flow = _ignoreFlow!;
        foreach (var row in _ignoreRows)
        {
            await flow.SubmitAsync(row).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>linq2db's <c>BulkCopy</c> with <see cref="BulkCopyType.ProviderSpecific"/> (its own binary COPY), one call per batch.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void Linq2DbBulkCopy()
    {
        var rows = _rows;
        var table = _linq2db!.GetTable<UserRow>();
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            table.BulkCopy(_bulkCopy!, new ArraySegment<UserRow>(rows, offset, Math.Min(BatchSize, rows.Length - offset)));
        }
    }

    /// <summary>Dapper: one <c>INSERT … VALUES (…), (…), …</c> per batch, four parameters per row.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void DapperMultiRowInsert()
    {
        var rows = _rows;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            var count = Math.Min(BatchSize, rows.Length - offset);
            var parameters = new DynamicParameters();
            for (var i = 0; i < count; i++)
            {
                var row = rows[offset + i];
                parameters.Add("i" + i, row.Id, DbType.Int64);
                parameters.Add("n" + i, row.Name, DbType.String);
                parameters.Add("e" + i, row.Email, DbType.String);
                parameters.Add("c" + i, row.CreatedAt, DbType.DateTime);
            }

            _connection!.Execute(count == BatchSize ? _dapperSql : MultiRowInsert(count), parameters);
        }
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        if (_ignoreFlow is not null)
        {
            await _ignoreFlow.DisposeAsync().ConfigureAwait(false);
        }

        _linq2db?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataSource is not null)
        {
            await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE"))
            {
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ConnectionString() => new NpgsqlConnectionStringBuilder(PgBench.ConnectionString) { SearchPath = Schema }.ConnectionString;

    private static string MultiRowInsert(int rows)
    {
        var sql = new StringBuilder("INSERT INTO \"users\" (\"id\", \"name\", \"email\", \"created_at\") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append($"(@i{i}, @n{i}, @e{i}, @c{i})");
        }

        return sql.ToString();
    }

    private ValueTask CountFailures<T>(BatchFailure<T> failure)
    {
        Interlocked.Add(ref _failedRows, failure.Rows.Count);
        return ValueTask.CompletedTask;
    }

    private async Task SetUpDatabaseAsync()
    {
        _rows = UserRows.Create(TotalRows);
        _dataSource = NpgsqlDataSource.Create(ConnectionString());
        await using var command = _dataSource.CreateCommand(
            $"CREATE SCHEMA IF NOT EXISTS \"{Schema}\"; DROP TABLE IF EXISTS \"users\"; " +
            "CREATE TABLE \"users\" (id bigint PRIMARY KEY, name text NOT NULL, email text, created_at timestamptz NOT NULL)");
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}

/// <summary><see cref="UserRow"/>'s columns with <see cref="Conflict.Ignore"/>, for the flow's upsert path.</summary>
[BatchTable("users", Conflict.Ignore)]
public sealed partial record IgnoredUserRow([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
