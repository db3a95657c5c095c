using BatchFlow.Benchmarks.MySql;
using BatchFlow.MySql;
using MySqlConnector;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// MariaDB, in a database of its own; the baseline is <c>MySqlBulkCopy</c> (LOAD DATA LOCAL INFILE) per batch on one
/// open connection, autocommit, from a reader over the columns (MySqlEndToEndBenchmarks' BulkCopy at any width).
/// </summary>
internal sealed class MySqlTarget : ScalingTarget
{
    private const string Database = "batchflow_test_scaling";

    private MySqlDataSource? _dataSource;
    private MySqlConnection? _admin;
    private MySqlConnection? _connection;
    private ColumnarDataReader? _reader;
    private string _table = "";

    public override async Task SetUpAsync(string name, IReadOnlyList<ColumnDescription> columns)
    {
        await using (var server = new MySqlConnection(MySqlBench.ConnectionString))
        {
            await server.OpenAsync().ConfigureAwait(false);
            await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", server);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _dataSource = new MySqlDataSource(new MySqlConnectionStringBuilder(MySqlBench.ConnectionString) { Database = Database }.ConnectionString);
        _table = name;
        _admin = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (var command = new MySqlCommand(ScalingSql.Recreate(name, columns, ScalingSql.Backtick, TypeName), _admin))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
    }

    public override void Reset()
    {
        using var command = new MySqlCommand($"TRUNCATE TABLE {ScalingSql.Backtick(_table)}", _admin);
        command.ExecuteNonQuery();
    }

    public override long CountStored()
    {
        using var command = new MySqlCommand($"SELECT count(*) FROM {ScalingSql.Backtick(_table)}", _admin);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new MySqlBatchSink<T>(_dataSource!, table);

    public override Task WriteRawAsync<T>(ColumnarRows data, T[] rows, int batchSize, int producers)
    {
        _reader ??= new ColumnarDataReader(data);
        for (var offset = 0; offset < data.Count; offset += batchSize)
        {
            var count = Math.Min(batchSize, data.Count - offset);
            var bulkCopy = new MySqlBulkCopy(_connection!) { DestinationTableName = _table, BulkCopyTimeout = 0 };
            var result = bulkCopy.WriteToServer(_reader.Reset(offset, count));
            if (result.RowsInserted != count || result.Warnings.Count != 0)
            {
                throw new InvalidOperationException($"MySqlBulkCopy inserted {result.RowsInserted} of {count} rows with {result.Warnings.Count} warnings (first: {(result.Warnings.Count > 0 ? result.Warnings[0].Message : "none")}).");
            }
        }

        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await using (var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Database}`", _admin))
            {
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Int64 => "BIGINT",
        ColumnType.Int32 => "INT",
        ColumnType.Double => "DOUBLE",
        ColumnType.Boolean => "TINYINT(1)",
        ColumnType.String => "TEXT",
        ColumnType.DateTime => "DATETIME(6)",
        ColumnType.Guid => "CHAR(36)",
        _ => throw new NotSupportedException(type.ToString()),
    };
}
