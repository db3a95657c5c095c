using BatchFlow.Benchmarks.Postgres;
using BatchFlow.PostgreSql;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>PostgreSQL; the baseline is one binary COPY per batch with typed writes on one open connection.</summary>
internal sealed class PostgresTarget : ScalingTarget
{
    private NpgsqlDataSource? _dataSource;
    private NpgsqlConnection? _connection;
    private string _table = "";
    private string _copy = "";

    public override async Task SetUpAsync(string name, IReadOnlyList<ColumnDescription> columns)
    {
        _dataSource = NpgsqlDataSource.Create(PgBench.ConnectionString);
        _table = name;
        var names = string.Join(", ", columns.Select(c => ScalingSql.DoubleQuote(c.Name)));
        await using (var command = _dataSource.CreateCommand(ScalingSql.Recreate(name, columns, ScalingSql.DoubleQuote, TypeName)))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _copy = $"COPY {ScalingSql.DoubleQuote(name)} ({names}) FROM STDIN (FORMAT BINARY)";
        _connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
    }

    public override void Reset() => PgBench.Truncate(_dataSource!, _table);

    public override long CountStored()
    {
        using var command = _dataSource!.CreateCommand($"SELECT count(*) FROM {ScalingSql.DoubleQuote(_table)}");
        return (long)command.ExecuteScalar()!;
    }

    public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new PostgresBatchSink<T>(_dataSource!, table);

    /// <remarks>Synchronous, as PostgresEndToEndBenchmarks' BinaryImporter, the limit measured there.</remarks>
    public override Task WriteRawAsync<T>(ColumnarRows data, T[] rows, int batchSize, int producers)
    {
        var columns = data.Columns;
        for (var offset = 0; offset < data.Count; offset += batchSize)
        {
            using var importer = _connection!.BeginBinaryImport(_copy);
            var end = Math.Min(offset + batchSize, data.Count);
            for (var i = offset; i < end; i++)
            {
                importer.StartRow();
                for (var c = 0; c < columns.Count; c++)
                {
                    WriteValue(importer, data, columns[c].Type, c, i);
                }
            }

            importer.Complete();
        }

        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataSource is not null)
        {
            await PgBench.DropAsync(_dataSource, _table).ConfigureAwait(false);
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void WriteValue(NpgsqlBinaryImporter importer, ColumnarRows data, ColumnType type, int c, int i)
    {
        switch (type)
        {
            case ColumnType.Int64:
                importer.Write(data.Int64(c, i), NpgsqlDbType.Bigint);
                break;
            case ColumnType.Int32:
                importer.Write(data.Int32(c, i), NpgsqlDbType.Integer);
                break;
            case ColumnType.Double:
                importer.Write(data.Double(c, i), NpgsqlDbType.Double);
                break;
            case ColumnType.Boolean:
                importer.Write(data.Boolean(c, i), NpgsqlDbType.Boolean);
                break;
            case ColumnType.String:
                if (data.String(c, i) is { } text)
                {
                    importer.Write(text, NpgsqlDbType.Text);
                }
                else
                {
                    importer.WriteNull();
                }

                break;
            case ColumnType.DateTime:
                importer.Write(data.DateTime(c, i), NpgsqlDbType.TimestampTz);
                break;
            case ColumnType.Guid:
                importer.Write(data.Guid(c, i), NpgsqlDbType.Uuid);
                break;
            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Int64 => "bigint",
        ColumnType.Int32 => "integer",
        ColumnType.Double => "double precision",
        ColumnType.Boolean => "boolean",
        ColumnType.String => "text",
        ColumnType.DateTime => "timestamptz",
        ColumnType.Guid => "uuid",
        _ => throw new NotSupportedException(type.ToString()),
    };
}
