using System.Data.Common;
using BatchFlow.Conformance;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests.Conformance;

/// <summary>The provider conformance suite against SQLite: a database file of its own per test.</summary>
public sealed class SqliteConformanceTests : ProviderConformanceTests
{
    protected override ConformanceTarget CreateTarget() => new SqliteTarget();

    private sealed class SqliteTarget : ConformanceTarget
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("batchflow-conformance-").FullName;
        private readonly string _connectionString;

        public SqliteTarget()
        {
            _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "conformance.db") }.ToString();
            using var connection = Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            wal.ExecuteNonQuery();
        }

        public override string Provider => "sqlite";

        public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new SqliteBatchSink<T>(_connectionString, table);

        // Declared types as a SQLite user writes them; decimal is TEXT so that NUMERIC affinity cannot turn it into a REAL.
        public override string SqlType(ColumnType type) => type switch
        {
            ColumnType.Single or ColumnType.Double => "REAL",
            ColumnType.Decimal or ColumnType.String or ColumnType.Char or ColumnType.Guid or ColumnType.DateTime
                or ColumnType.DateTimeOffset or ColumnType.DateOnly or ColumnType.TimeOnly or ColumnType.TimeSpan => "TEXT",
            ColumnType.Binary => "BLOB",
            _ => "INTEGER",
        };

        public override string Quote(string identifier) => SqliteSql.Quote(identifier);

        public override Task ExecuteAsync(string sql)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }

        public override Task<List<TRow>> QueryAsync<TRow>(string sql, Func<DbDataReader, TRow> read)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<TRow>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return Task.FromResult(rows);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A handle may still be closing; the temp folder is cleaned by the OS.
            }
        }

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return connection;
        }
    }
}
