using System.Data.Common;
using System.Text.RegularExpressions;
using BatchFlow.Conformance;
using BatchFlow.MySql.Tests.Support;
using MySqlConnector;

namespace BatchFlow.MySql.Tests.Conformance;

/// <summary>The provider conformance suite against MySQL or MariaDB: tables of its own per test, dropped after it.</summary>
public sealed partial class MySqlConformanceTests : ProviderConformanceTests
{
    protected override ConformanceTarget CreateTarget() => new MySqlTarget();

    internal sealed partial class MySqlTarget : SqlConformanceTarget
    {
        private readonly MySqlDataSource _dataSource = new(TestDatabase.ConnectionString);

        public override string Provider => MySqlBatchSink<object>.ProviderName;

        public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) => new MySqlBatchSink<T>(_dataSource, table);

        /// <summary>
        /// <see cref="MySqlTypes.TypeName"/>, but for <see cref="TimeSpan"/>: the suite writes <see cref="TimeSpan.MaxValue"/>,
        /// which <c>TIME</c> (±838:59:59.999999) cannot hold, so its tables use the other accepted column, <c>BIGINT</c>
        /// ticks. (The tests of <c>TIME</c> columns, out-of-range values included, are in TypeRoundTripTests.)
        /// </summary>
        public override string SqlType(ColumnType type) => type == ColumnType.TimeSpan ? "BIGINT" : MySqlTypes.TypeName(type);

        public override string Quote(string identifier) => MySqlSql.Quote(identifier);

        /// <summary>
        /// Runs a statement. The suite declares every string column with one type, and MySQL cannot make a <c>TEXT</c>
        /// column a key without a prefix length (error 1170), so a <c>CREATE TABLE</c>'s key columns of that type are
        /// declared <c>VARCHAR(255)</c>, an accepted string column too.
        /// </summary>
        public override async Task ExecuteAsync(string sql)
        {
            if (sql.StartsWith("CREATE TABLE", StringComparison.Ordinal) && KeyList().Match(sql) is { Success: true } keys)
            {
                foreach (Match key in KeyName().Matches(keys.Groups[1].Value))
                {
                    sql = sql.Replace($"{key.Value} TEXT ", $"{key.Value} VARCHAR(255) ", StringComparison.Ordinal);
                }
            }

            await using var connection = await _dataSource.OpenConnectionAsync();
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        /// <summary>Prepared, so the server answers in the binary protocol and FLOAT values read back exactly (its text protocol rounds them to 6 digits).</summary>
        public override async Task<List<TRow>> QueryAsync<TRow>(string sql, Func<DbDataReader, TRow> read)
        {
            await using var connection = await _dataSource.OpenConnectionAsync();
            await using var command = new MySqlCommand(sql, connection);
            await command.PrepareAsync();
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<TRow>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }

        /// <summary>
        /// MySQL keeps microseconds: the 7th fractional digit of time values is dropped (toward zero). A
        /// <see cref="DateTimeOffset"/> is stored as its UTC instant and reads back with offset 0 (equal, as instants).
        /// <see cref="TimeSpan"/> goes to <c>BIGINT</c> ticks here, exactly.
        /// </summary>
        public override object? Stored(ColumnType type, object? value) => value switch
        {
            DateTime time => new DateTime(time.Ticks - (time.Ticks % 10), time.Kind),
            DateTimeOffset offset => new DateTimeOffset(offset.UtcTicks - (offset.UtcTicks % 10), TimeSpan.Zero),
            TimeOnly time => new TimeOnly(time.Ticks - (time.Ticks % 10)),
            _ => value,
        };

        /// <summary><see cref="DateTimeOffset"/> from its UTC <c>DATETIME</c>; <see cref="TimeSpan"/> from its ticks.</summary>
        public override object? Read(DbDataReader reader, int ordinal, ColumnType type)
        {
            if (reader.IsDBNull(ordinal))
            {
                return null;
            }

            return type switch
            {
                ColumnType.DateTimeOffset => new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc)),
                ColumnType.TimeSpan => TimeSpan.FromTicks(reader.GetInt64(ordinal)),
                ColumnType.DateTime => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Unspecified),
                _ => base.Read(reader, ordinal, type),
            };
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await _dataSource.DisposeAsync();
        }

        [GeneratedRegex(@"PRIMARY KEY \(([^)]*)\)\)$")]
        private static partial Regex KeyList();

        [GeneratedRegex(@"`(?:[^`]|``)+`")]
        private static partial Regex KeyName();
    }
}
