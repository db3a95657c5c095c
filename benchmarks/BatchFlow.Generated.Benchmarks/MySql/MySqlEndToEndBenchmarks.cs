using System.Data;
using System.Globalization;
using System.Text;
using BatchFlow.Benchmarks.Postgres;
using BatchFlow.Benchmarks.Rows;
using BatchFlow.MySql;
using BenchmarkDotNet.Attributes;
using Dapper;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.MySql;
using LinqToDB.Mapping;
using MySqlConnector;

namespace BatchFlow.Benchmarks.MySql;

/// <summary>
/// <see cref="TotalRows"/> rows into a MySQL/MariaDB table in batches of <see cref="BatchSize"/>, through eight paths:
/// two raw MySqlConnector paths (the limits: <c>MySqlBulkCopy</c>, i.e. LOAD DATA LOCAL INFILE, and a server-side
/// prepared multi-row INSERT), the generated flow under <see cref="Conflict.None"/>, <see cref="Conflict.Ignore"/> and
/// <see cref="Conflict.Update"/>, linq2db's BulkCopy (<see cref="BulkCopyType.ProviderSpecific"/> and
/// <see cref="BulkCopyType.MultipleRows"/>), and Dapper with one multi-row INSERT per batch. The rows, the row count and
/// the batch sizes are the PostgreSQL suite's. The table is emptied before every iteration and checked after it: row
/// count, a checksum of every column's values, and the server's statement counters (a path that silently took another
/// statement, wrote nothing or changed a value fails the run). Each path keeps its connection (the flow: its sink's
/// sessions) for the whole process, as an application would. Figures are per row. The server is the one
/// <c>eng/mariadb.sh</c> starts (BATCHFLOW_MYSQL, with <c>AllowLoadLocalInfile=true</c>); the suite works in a
/// database of its own, dropped at the end.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class MySqlEndToEndBenchmarks
{
    /// <summary>Rows per invocation (one invocation per iteration, because of the table reset).</summary>
    public const int TotalRows = 100_000;

    /// <summary>The suite's database (the test user may create databases named <c>batchflow_test_*</c>).</summary>
    private const string Database = "batchflow_test_bench";

    private const string CreateTable =
        "DROP TABLE IF EXISTS `users`; CREATE TABLE `users` (id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT NULL, created_at DATETIME(6) NOT NULL)";

    private const string Checksum =
        "SELECT COUNT(*), COALESCE(SUM(id), 0), COUNT(email), COALESCE(SUM(CHAR_LENGTH(name) + COALESCE(CHAR_LENGTH(email), 0)), 0), " +
        "COALESCE(SUM(TIMESTAMPDIFF(MICROSECOND, '2026-01-01 00:00:00', created_at)), 0) FROM `users`";

    private static readonly DateTime s_epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private MySqlConnection? _admin;
    private UserRow[] _rows = [];
    private decimal[] _expected = [];
    private (string Counter, string Statement)[] _statements = [];
    private Dictionary<string, long> _countersBefore = [];
    private bool _reported;
    private long _failedRows;

    private MySqlDataSource? _dataSource;
    private IAsyncDisposable? _flow;
    private Func<MySqlWritePath?>? _writePath;
    private MySqlWritePath _expectedPath = MySqlWritePath.Load;
    private IgnoredUserRow[] _ignoreRows = [];
    private UpdatedUserRow[] _updateRows = [];

    private MySqlConnection? _connection;
    private UserRowDataReader? _reader;
    private MySqlCommand? _insert;
    private MySqlParameter[] _parameters = [];
    private DataConnection? _linq2db;
    private BulkCopyOptions? _bulkCopy;
    private string _dapperSql = "";

    /// <summary>Rows per batch (per LOAD, per statement, per flush) for every path.</summary>
    [Params(1_000, 10_000)]
    public int BatchSize { get; set; }

    private int Batches => TotalRows / BatchSize;

    [GlobalSetup(Target = nameof(BulkCopy))]
    public async Task SetUpBulkCopy()
    {
        await SetUpDatabaseAsync(("Com_load", "LOAD DATA")).ConfigureAwait(false);
        _connection = await OpenAsync().ConfigureAwait(false);
        _reader = new UserRowDataReader();
    }

    [GlobalSetup(Target = nameof(PreparedInsert))]
    public async Task SetUpPreparedInsert()
    {
        await SetUpDatabaseAsync(("Com_stmt_execute", "prepared statement execution")).ConfigureAwait(false);
        _connection = await OpenAsync().ConfigureAwait(false);
        _insert = new MySqlCommand(MultiRowInsert(BatchSize), _connection);
        _parameters = new MySqlParameter[4 * BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            _parameters[(4 * i) + 0] = _insert.Parameters.Add("@i" + i.ToString(CultureInfo.InvariantCulture), MySqlDbType.Int64);
            _parameters[(4 * i) + 1] = _insert.Parameters.Add("@n" + i.ToString(CultureInfo.InvariantCulture), MySqlDbType.Text);
            _parameters[(4 * i) + 2] = _insert.Parameters.Add("@e" + i.ToString(CultureInfo.InvariantCulture), MySqlDbType.Text);
            _parameters[(4 * i) + 3] = _insert.Parameters.Add("@c" + i.ToString(CultureInfo.InvariantCulture), MySqlDbType.DateTime);
        }

        await _insert.PrepareAsync().ConfigureAwait(false);
    }

    [GlobalSetup(Target = nameof(GeneratedFlow))]
    public async Task SetUpFlow()
    {
        await SetUpDatabaseAsync(("Com_load", "LOAD DATA")).ConfigureAwait(false);
        // What UserRowFlow.MySql(dataSource, options) does, with the sink kept to read the path it took.
        var sink = new MySqlBatchSink<UserRow>(_dataSource!, UserRowFlow.Table);
        _writePath = () => sink.WritePath;
        _flow = UserRowFlow.Create(sink, new BatchFlowOptions<UserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowIgnore))]
    public async Task SetUpIgnoreFlow()
    {
        await SetUpDatabaseAsync(("Com_load", "LOAD DATA")).ConfigureAwait(false);
        _ignoreRows = Array.ConvertAll(_rows, row => new IgnoredUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        var sink = new MySqlBatchSink<IgnoredUserRow>(_dataSource!, IgnoredUserRowFlow.Table);
        _writePath = () => sink.WritePath;
        _flow = IgnoredUserRowFlow.Create(sink, new BatchFlowOptions<IgnoredUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowUpdate))]
    public async Task SetUpUpdateFlow()
    {
        // Upsert batches up to MergeByInsertMaxRows rows are prepared INSERTs, larger ones LOAD DATA into staging and a merge.
        if (BatchSize <= MySqlBatchSink<UpdatedUserRow>.MergeByInsertMaxRows)
        {
            await SetUpDatabaseAsync(("Com_stmt_execute", "prepared statement execution")).ConfigureAwait(false);
        }
        else
        {
            await SetUpDatabaseAsync(("Com_load", "LOAD DATA"), ("Com_insert_select", "INSERT … SELECT")).ConfigureAwait(false);
        }

        _updateRows = Array.ConvertAll(_rows, row => new UpdatedUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        var sink = new MySqlBatchSink<UpdatedUserRow>(_dataSource!, UpdatedUserRowFlow.Table);
        _writePath = () => sink.WritePath;
        _flow = UpdatedUserRowFlow.Create(sink, new BatchFlowOptions<UpdatedUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    /// <remarks>
    /// No <see cref="BulkCopyOptions.MaxBatchSize"/>: each call passes one batch, and with a MaxBatchSize equal to the
    /// rows passed linq2db 6.5.1 ends with an empty batch, one more LOAD DATA (and MySqlBulkCopy's schema query) per call.
    /// </remarks>
    [GlobalSetup(Target = nameof(GeneratedFlowUpdateInsert))]
    public async Task SetUpUpdateInsertFlow()
    {
        await SetUpDatabaseAsync(("Com_stmt_execute", "prepared statement execution")).ConfigureAwait(false);
        _updateRows = Array.ConvertAll(_rows, row => new UpdatedUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        var sink = new MySqlBatchSink<UpdatedUserRow>(_dataSource!, UpdatedUserRowFlow.Table) { ForcedPath = MySqlWritePath.Insert };
        _writePath = () => sink.WritePath;
        _expectedPath = MySqlWritePath.Insert;
        _flow = UpdatedUserRowFlow.Create(sink, new BatchFlowOptions<UpdatedUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowUpdateStaging))]
    public async Task SetUpUpdateStagingFlow()
    {
        await SetUpDatabaseAsync(("Com_load", "LOAD DATA"), ("Com_insert_select", "INSERT … SELECT")).ConfigureAwait(false);
        _updateRows = Array.ConvertAll(_rows, row => new UpdatedUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        var sink = new MySqlBatchSink<UpdatedUserRow>(_dataSource!, UpdatedUserRowFlow.Table) { ForcedPath = MySqlWritePath.Load };
        _writePath = () => sink.WritePath;
        _flow = UpdatedUserRowFlow.Create(sink, new BatchFlowOptions<UpdatedUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(Linq2DbBulkCopy))]
    public Task SetUpLinq2DbBulkCopy() =>
        SetUpLinq2DbAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.ProviderSpecific }, ("Com_load", "LOAD DATA"));

    [GlobalSetup(Target = nameof(Linq2DbMultipleRows))]
    public Task SetUpLinq2DbMultipleRows() =>
        SetUpLinq2DbAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows, MaxBatchSize = BatchSize }, ("Com_insert", "INSERT"));

    [GlobalSetup(Target = nameof(DapperMultiRowInsert))]
    public async Task SetUpDapper()
    {
        await SetUpDatabaseAsync(("Com_insert", "INSERT")).ConfigureAwait(false);
        _connection = await OpenAsync().ConfigureAwait(false);
        _dapperSql = MultiRowInsert(BatchSize);
    }

    [IterationSetup]
    public void EmptyTable()
    {
        using (var command = new MySqlCommand("TRUNCATE TABLE `users`", _admin))
        {
            command.ExecuteNonQuery();
        }

        _countersBefore = ReadCounters();
    }

    /// <summary>
    /// Throws unless the iteration stored every row with its values (count, key sum, emails, text lengths, the
    /// timestamps to the microsecond), no row failed, the flow took the LOAD DATA path, and the server counted at least
    /// one statement of the path's kind per batch. The first iteration's figures go to the log.
    /// (The flow's path is LOAD DATA, but for <see cref="GeneratedFlowUpdateInsert"/>: prepared INSERTs; and
    /// <see cref="GeneratedFlowUpdate"/> writes batches up to <c>MergeByInsertMaxRows</c> rows with prepared INSERTs.)
    /// </summary>
    [IterationCleanup]
    public void CheckRows()
    {
        var counters = ReadCounters();
        var stored = new decimal[_expected.Length];
        using (var command = new MySqlCommand(Checksum, _admin))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            for (var i = 0; i < stored.Length; i++)
            {
                stored[i] = Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture);
            }
        }

        var problems = new List<string>();
        if (!stored.AsSpan().SequenceEqual(_expected))
        {
            problems.Add($"stored (count, sum(id), count(email), text length, µs) = ({string.Join(", ", stored)}), expected ({string.Join(", ", _expected)})");
        }

        if (Interlocked.Read(ref _failedRows) != 0)
        {
            problems.Add($"{_failedRows} rows reported failed");
        }

        if (_writePath is not null && _writePath() != _expectedPath)
        {
            problems.Add($"the flow's sink took the {_writePath()?.ToString() ?? "(none)"} path, not {_expectedPath}");
        }

        var seen = new List<string>();
        foreach (var (counter, statement) in _statements)
        {
            var delta = counters[counter] - _countersBefore[counter];
            seen.Add($"{delta} × {statement} ({counter})");
            if (delta < Batches)
            {
                problems.Add($"the server counted {delta} {statement} statements ({counter}), fewer than the {Batches} batches");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"BatchSize={BatchSize}: " + string.Join("; ", problems) + ".");
        }

        if (!_reported)
        {
            _reported = true;
            Console.WriteLine($"// MySqlEndToEnd check, BatchSize={BatchSize}: {stored[0]} rows stored with the expected values; the server counted {string.Join(", ", seen)} in the iteration.");
        }
    }

    /// <summary>The limit: <c>MySqlBulkCopy</c> (LOAD DATA LOCAL INFILE) per batch on one open connection, autocommit, from a typed-row reader.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TotalRows)]
    public void BulkCopy()
    {
        var rows = _rows;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            var bulkCopy = new MySqlBulkCopy(_connection!) { DestinationTableName = "users", BulkCopyTimeout = 0 };
            var result = bulkCopy.WriteToServer(_reader!.Reset(rows, offset, BatchSize));
            if (result.RowsInserted != BatchSize || result.Warnings.Count != 0)
            {
                throw new InvalidOperationException($"MySqlBulkCopy inserted {result.RowsInserted} of {BatchSize} rows with {result.Warnings.Count} warnings.");
            }
        }
    }

    /// <summary>The other limit: one server-side prepared <c>INSERT … VALUES (…), …</c> of a whole batch, its typed parameters reused, autocommit.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void PreparedInsert()
    {
        var rows = _rows;
        var parameters = _parameters;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                var row = rows[offset + i];
                parameters[(4 * i) + 0].Value = row.Id;
                parameters[(4 * i) + 1].Value = row.Name;
                parameters[(4 * i) + 2].Value = (object?)row.Email ?? DBNull.Value;
                parameters[(4 * i) + 3].Value = row.CreatedAt;
            }

            _insert!.ExecuteNonQuery();
        }
    }

    /// <summary><c>UserRowFlow.MySql</c> (<see cref="Conflict.None"/>: LOAD DATA LOCAL into the table, warnings checked, one transaction per batch), one producer.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlow() => SubmitAllAsync((UserRowFlow)_flow!, _rows);

    /// <summary>The same rows with <see cref="Conflict.Ignore"/>: LOAD DATA into the table, duplicate-key warnings (only) accepted.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowIgnore() => SubmitAllAsync((IgnoredUserRowFlow)_flow!, _ignoreRows);

    /// <summary>
    /// The same rows with <see cref="Conflict.Update"/>, on the path the sink picks by batch size when LOAD DATA LOCAL is
    /// allowed: prepared <c>INSERT … ON DUPLICATE KEY UPDATE</c>s up to <c>MySqlBatchSink.MergeByInsertMaxRows</c> rows,
    /// LOAD DATA into the staging table and a merge above.
    /// </summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowUpdate() => SubmitAllAsync((UpdatedUserRowFlow)_flow!, _updateRows);

    /// <summary>
    /// <see cref="GeneratedFlowUpdate"/> on the sink's other path, forced: prepared multi-row
    /// <c>INSERT … ON DUPLICATE KEY UPDATE</c> statements (each row written once, no staging table).
    /// </summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowUpdateInsert() => SubmitAllAsync((UpdatedUserRowFlow)_flow!, _updateRows);

    /// <summary>
    /// <see cref="GeneratedFlowUpdate"/> on the staging path, forced: TRUNCATE of the staging table, LOAD DATA into it and
    /// <c>INSERT … SELECT … ON DUPLICATE KEY UPDATE</c>, whatever the batch size.
    /// </summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowUpdateStaging() => SubmitAllAsync((UpdatedUserRowFlow)_flow!, _updateRows);

    /// <summary>linq2db's <c>BulkCopy</c> with <see cref="BulkCopyType.ProviderSpecific"/> (MySqlConnector's <c>MySqlBulkCopy</c>), one call per batch.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void Linq2DbBulkCopy() => Linq2DbBatches();

    /// <summary>linq2db's <c>BulkCopy</c> with <see cref="BulkCopyType.MultipleRows"/> (a multi-row INSERT, values inlined), one call per batch.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void Linq2DbMultipleRows() => Linq2DbBatches();

    /// <summary>Dapper: one <c>INSERT … VALUES (…), (…), …</c> per batch, four typed parameters per row (client-side, MySqlConnector's default).</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public void DapperMultiRowInsert()
    {
        var rows = _rows;
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < BatchSize; i++)
            {
                var row = rows[offset + i];
                parameters.Add("i" + i, row.Id, DbType.Int64);
                parameters.Add("n" + i, row.Name, DbType.String);
                parameters.Add("e" + i, row.Email, DbType.String);
                parameters.Add("c" + i, row.CreatedAt, DbType.DateTime);
            }

            _connection!.Execute(_dapperSql, parameters);
        }
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        _linq2db?.Dispose();
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await using (var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Database}`", _admin))
            {
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await _admin.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ConnectionString() =>
        new MySqlConnectionStringBuilder(MySqlBench.ConnectionString) { Database = Database }.ConnectionString;

    private static string MultiRowInsert(int rows)
    {
        var sql = new StringBuilder("INSERT INTO `users` (`id`, `name`, `email`, `created_at`) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@i{i}, @n{i}, @e{i}, @c{i})");
        }

        return sql.ToString();
    }

    private static async Task SubmitAllAsync<T>(BatchFlow<T> flow, T[] rows)
    {
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    private void Linq2DbBatches()
    {
        var rows = _rows;
        var table = _linq2db!.GetTable<UserRow>();
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            var copied = table.BulkCopy(_bulkCopy!, new ArraySegment<UserRow>(rows, offset, BatchSize));
            if (copied.RowsCopied != BatchSize)
            {
                throw new InvalidOperationException($"linq2db copied {copied.RowsCopied} of {BatchSize} rows.");
            }
        }
    }

    /// <remarks>
    /// linq2db's literal for a <see cref="DateTime"/> (the <see cref="BulkCopyType.MultipleRows"/> path inlines values)
    /// keeps milliseconds only: the iteration check caught it dropping the rows' half milliseconds. The mapping schema
    /// gets a six-digit literal, as a user who needs the microseconds of <c>DATETIME(6)</c> would have to add.
    /// </remarks>
    private async Task SetUpLinq2DbAsync(BulkCopyOptions options, (string, string) statement)
    {
        await SetUpDatabaseAsync(statement).ConfigureAwait(false);
        var mapping = new MappingSchema();
        mapping.SetValueToSqlConverter(typeof(DateTime), (sql, _, _, value) =>
            sql.Append(CultureInfo.InvariantCulture, $"'{(DateTime)value:yyyy-MM-dd HH:mm:ss.ffffff}'"));
        new FluentMappingBuilder(mapping)
            .Entity<UserRow>()
            .HasTableName("users")
            .Property(row => row.Id).HasColumnName("id").IsPrimaryKey()
            .Property(row => row.Name).HasColumnName("name")
            .Property(row => row.Email).HasColumnName("email")
            .Property(row => row.CreatedAt).HasColumnName("created_at")
            .Build();
        _linq2db = new DataConnection(new DataOptions()
            .UseMySql(ConnectionString(), MySqlVersion.MariaDB10, MySqlProvider.MySqlConnector)
            .UseMappingSchema(mapping));
        _bulkCopy = options;
    }

    private async Task<MySqlConnection> OpenAsync()
    {
        var connection = new MySqlConnection(ConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    private Dictionary<string, long> ReadCounters()
    {
        var names = string.Join(", ", _statements.Select(s => $"'{s.Counter}'"));
        var counters = new Dictionary<string, long>();
        using var command = new MySqlCommand($"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})", _admin);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counters[reader.GetString(0)] = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        }

        return counters;
    }

    private ValueTask CountFailures<T>(BatchFailure<T> failure)
    {
        Interlocked.Add(ref _failedRows, failure.Rows.Count);
        return ValueTask.CompletedTask;
    }

    private async Task SetUpDatabaseAsync(params (string Counter, string Statement)[] statements)
    {
        if (TotalRows % BatchSize != 0)
        {
            throw new InvalidOperationException($"{TotalRows} rows do not split into batches of {BatchSize}.");
        }

        _rows = UserRows.Create(TotalRows);
        _expected =
        [
            _rows.Length,
            _rows.Sum(row => (decimal)row.Id),
            _rows.Count(row => row.Email is not null),
            _rows.Sum(row => (decimal)(row.Name.Length + (row.Email?.Length ?? 0))),
            _rows.Sum(row => (decimal)((row.CreatedAt - s_epoch).Ticks / 10)),
        ];
        _statements = statements;

        await using (var server = new MySqlConnection(MySqlBench.ConnectionString))
        {
            await server.OpenAsync().ConfigureAwait(false);
            await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", server);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _admin = await OpenAsync().ConfigureAwait(false);
        await using (var command = new MySqlCommand(CreateTable, _admin))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _dataSource = new MySqlDataSource(ConnectionString());
    }
}

/// <summary>The MariaDB server of <c>eng/mariadb.sh</c>, named by the BATCHFLOW_MYSQL connection string it exports.</summary>
public static class MySqlBench
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("BATCHFLOW_MYSQL") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BATCHFLOW_MYSQL is not set: source eng/mariadb.sh (or eng/servers.sh) first (it starts MariaDB and exports it).");
}

/// <summary><see cref="UserRow"/>'s columns with <see cref="Conflict.Update"/>, for the flow's staging-and-merge path.</summary>
[BatchTable("users", Conflict.Update)]
public sealed partial record UpdatedUserRow([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
