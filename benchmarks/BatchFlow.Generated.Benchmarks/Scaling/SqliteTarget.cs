using BatchFlow.Sqlite;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// A SQLite file in WAL mode; the baseline is hand-written ADO.NET: one prepared INSERT with a parameter per column,
/// one transaction per batch (SqliteEndToEndBenchmarks' AdoNet at any width).
/// </summary>
internal sealed class SqliteTarget : ScalingTarget
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"batchflow-scaling-{Environment.ProcessId}");
    private string _connectionString = "";
    private SqliteConnection? _admin;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private string _create = "";
    private string _table = "";

    public override Task SetUpAsync(string name, IReadOnlyList<ColumnDescription> columns)
    {
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "scaling.db") }.ConnectionString;
        _table = name;
        _create = ScalingSql.Recreate(name, columns, ScalingSql.DoubleQuote, TypeName);
        _admin = new SqliteConnection(_connectionString);
        _admin.Open();
        Execute(_admin, "PRAGMA journal_mode = WAL");
        Reset();

        _connection = new SqliteConnection(_connectionString);
        _connection.Open();
        _insert = _connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO {ScalingSql.DoubleQuote(name)} ({string.Join(", ", columns.Select(c => ScalingSql.DoubleQuote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        for (var c = 0; c < columns.Count; c++)
        {
            // Guid as upper-case TEXT, as the flow's SQLite sink stores it (Microsoft.Data.Sqlite's own default is a BLOB).
            _insert.Parameters.Add(new SqliteParameter("@p" + c, columns[c].Type == ColumnType.Guid ? SqliteType.Text : ParameterType(columns[c].Type)));
        }

        return Task.CompletedTask;
    }

    public override void Reset() => Execute(_admin!, _create);

    public override long CountStored()
    {
        using var command = _admin!.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {ScalingSql.DoubleQuote(_table)}";
        return (long)command.ExecuteScalar()!;
    }

    public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new SqliteBatchSink<T>(_connectionString, table);

    public override Task WriteRawAsync<T>(ColumnarRows data, T[] rows, int batchSize, int producers)
    {
        var parameters = _insert!.Parameters;
        var count = data.Columns.Count;
        for (var offset = 0; offset < data.Count; offset += batchSize)
        {
            using var transaction = _connection!.BeginTransaction();
            _insert.Transaction = transaction;
            var end = Math.Min(offset + batchSize, data.Count);
            for (var i = offset; i < end; i++)
            {
                for (var c = 0; c < count; c++)
                {
                    parameters[c].Value = data.Value(c, i) ?? DBNull.Value;
                }

                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteType ParameterType(ColumnType type) => type switch
    {
        ColumnType.Int64 or ColumnType.Int32 or ColumnType.Boolean => SqliteType.Integer,
        ColumnType.Double => SqliteType.Real,
        _ => SqliteType.Text,
    };

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Int64 or ColumnType.Int32 or ColumnType.Boolean => "INTEGER",
        ColumnType.Double => "REAL",
        ColumnType.String or ColumnType.DateTime or ColumnType.Guid => "TEXT",
        _ => throw new NotSupportedException(type.ToString()),
    };
}
