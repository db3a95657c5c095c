using System.Data.Common;
using BatchFlow.Conformance;

namespace BatchFlow.Sqlite.Tests.Conformance;

/// <summary>The provider conformance suite against SQLite: a database file of its own per test.</summary>
public sealed class SqliteConformanceTests : ProviderConformanceTests
{
    protected override ConformanceTarget CreateTarget() => new SqliteTarget();

    /// <summary>A database file of its own (<see cref="Flow.SqliteDatabase"/>, WAL mode), deleted with the test.</summary>
    private sealed class SqliteTarget : SqlConformanceTarget
    {
        private readonly Flow.SqliteDatabase _database = new("SELECT 1");

        public override string Provider => "sqlite";

        public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new SqliteBatchSink<T>(_database.ConnectionString, table);

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
            _database.Execute(sql);
            return Task.CompletedTask;
        }

        public override Task<List<TRow>> QueryAsync<TRow>(string sql, Func<DbDataReader, TRow> read) =>
            Task.FromResult(_database.Query(sql, reader => read(reader)));

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _database.Dispose();
        }
    }
}
