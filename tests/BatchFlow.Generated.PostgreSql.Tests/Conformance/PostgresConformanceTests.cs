using System.Data.Common;
using BatchFlow.Conformance;
using BatchFlow.PostgreSql.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests.Conformance;

/// <summary>The provider conformance suite against PostgreSQL: a schema of its own per test, dropped after it.</summary>
public sealed class PostgresConformanceTests : ProviderConformanceTests
{
    protected override ConformanceTarget CreateTarget() => new PostgresTarget();

    private sealed class PostgresTarget : SqlConformanceTarget
    {
        private readonly string _schema = TestDatabase.UniqueName("conf");
        private readonly NpgsqlDataSource _admin = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        private readonly NpgsqlDataSource _dataSource;

        public PostgresTarget()
        {
            using (var create = _admin.CreateCommand($"CREATE SCHEMA {PostgresSql.Quote(_schema)}"))
            {
                create.ExecuteNonQuery();
            }

            _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { SearchPath = _schema }.ConnectionString);
        }

        public override string Provider => PostgresBatchSink<object>.ProviderName;

        public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new PostgresBatchSink<T>(_dataSource, table);

        public override string SqlType(ColumnType type) => PostgresTypes.TypeName(type);

        public override string Quote(string identifier) => PostgresSql.Quote(identifier);

        public override async Task ExecuteAsync(string sql)
        {
            await using var command = _dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }

        public override async Task<List<TRow>> QueryAsync<TRow>(string sql, Func<DbDataReader, TRow> read)
        {
            await using var command = _dataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<TRow>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }

        /// <summary>
        /// PostgreSQL keeps microseconds: the 7th fractional digit of time values is dropped (toward zero). Npgsql
        /// writes the minimum and maximum <see cref="DateTime"/> and <see cref="DateTimeOffset"/> as <c>-infinity</c> and
        /// <c>infinity</c>, which read back as those same values.
        /// </summary>
        public override object? Stored(ColumnType type, object? value) => value switch
        {
            DateTime time when time == DateTime.MinValue || time == DateTime.MaxValue => time,
            DateTimeOffset offset when offset == DateTimeOffset.MinValue || offset == DateTimeOffset.MaxValue => offset,
            DateTime time => new DateTime(time.Ticks - (time.Ticks % 10), time.Kind),
            DateTimeOffset offset => new DateTimeOffset(offset.Ticks - (offset.Ticks % 10), offset.Offset),
            TimeOnly time => new TimeOnly(time.Ticks - (time.Ticks % 10)),
            TimeSpan span => new TimeSpan(span.Ticks - (span.Ticks % 10)),
            _ => value,
        };

        /// <summary>Integer types PostgreSQL lacks are read from the wider column they are written to.</summary>
        public override object? Read(DbDataReader reader, int ordinal, ColumnType type)
        {
            if (reader.IsDBNull(ordinal))
            {
                return null;
            }

            return type switch
            {
                ColumnType.Byte => checked((byte)reader.GetInt16(ordinal)),
                ColumnType.SByte => checked((sbyte)reader.GetInt16(ordinal)),
                ColumnType.UInt16 => checked((ushort)reader.GetInt32(ordinal)),
                ColumnType.UInt32 => checked((uint)reader.GetInt64(ordinal)),
                ColumnType.UInt64 => (ulong)reader.GetDecimal(ordinal),
                _ => base.Read(reader, ordinal, type),
            };
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await _dataSource.DisposeAsync();
            await using (var drop = _admin.CreateCommand($"DROP SCHEMA IF EXISTS {PostgresSql.Quote(_schema)} CASCADE"))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await _admin.DisposeAsync();
        }
    }
}
