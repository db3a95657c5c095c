using System.Collections.Concurrent;
using System.Text;
using BatchFlow.Conformance;
using BatchFlow.MySql.Tests.Conformance;
using BatchFlow.MySql.Tests.Support;
using BatchFlow.Sinks;
using MySqlConnector;

namespace BatchFlow.MySql.Tests;

/// <summary>
/// Values through both write paths: the conformance suite's type rows in one multi-row batch (LOAD DATA text; the suite
/// itself writes one row per batch, the INSERT path), and MySQL's other column forms.
/// </summary>
public sealed class TypeRoundTripTests
{
    public static TheoryData<string> Paths => new() { "Load", "Insert" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_conformance_type_rows_round_trip_in_one_batch(string path)
    {
        await using var target = new MySqlConformanceTests.MySqlTarget();
        var table = await target.CreateTableAsync(TypeRowFlow.Table);
        var rows = TypeRows();
        await using var dataSource = new MySqlDataSource(TestDatabase.ConnectionString);
        var sink = new MySqlBatchSink<TypeRow>(dataSource, table) { ForcedPath = Enum.Parse<MySqlWritePath>(path) };
        await sink.WriteAsync(rows, CancellationToken.None);
        await sink.DisposeAsync();

        var columns = table.Columns.Select(c => (c.Name, c.Type)).ToList();
        var stored = await target.ReadAsync(table, columns);
        Assert.Equal(rows.Length, stored.Count);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var value = typeof(TypeRow).GetProperty(table.Columns[i].MemberName)!.GetValue(rows[r]);
                if (value is Enum)
                {
                    value = Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture);
                }

                var expected = target.Stored(table.Columns[i].Type, value);
                var actual = stored[r][i];
                Assert.True(expected is byte[] bytes ? actual is byte[] read && bytes.AsSpan().SequenceEqual(read) : Equals(expected, actual), $"row {r}, column {columns[i].Name}: wrote {expected}, read {actual}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Binary16_guids_bit_booleans_time_spans_timestamps_and_4_byte_text_round_trip(string path)
    {
        await using var table = await TestTable.CreateAsync(
            "forms",
            "id INT PRIMARY KEY, uuid BINARY(16) NOT NULL, flag BIT(1) NOT NULL, span TIME(6) NOT NULL, at TIMESTAMP(6) NOT NULL, millis DATETIME(3) NOT NULL, " +
            "text VARCHAR(20) NOT NULL, letter VARCHAR(1) NOT NULL, bytes VARBINARY(16) NOT NULL");
        var guid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        Forms[] rows =
        [
            new(1, guid, true, new TimeSpan(0, -838, -59, -59, -999).Add(TimeSpan.FromTicks(-9990)), new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)), new DateTime(2024, 2, 29, 1, 2, 3, 456), "\U0001F600 ok\t\\", '\u00e9', [0, 9, 10, 13, 92, 255]),
            new(2, Guid.Empty, false, new TimeSpan(0, 838, 59, 59, 999).Add(TimeSpan.FromTicks(9990)), new DateTimeOffset(1970, 1, 1, 0, 0, 1, TimeSpan.Zero), new DateTime(1000, 1, 1), "", 'z', []),
        ];
        var sink = new MySqlBatchSink<Forms>(table.DataSource, table.Describe(FormsFlow.Table)) { ForcedPath = Enum.Parse<MySqlWritePath>(path) };
        await sink.WriteAsync(rows, CancellationToken.None);
        await sink.DisposeAsync();

        var stored = await TestDatabase.QueryAsync(
            $"SELECT id, HEX(uuid), flag + 0, span, at, millis, text, letter, bytes FROM {table.Quoted} ORDER BY id",
            r => (r.GetInt32(0), r.GetString(1), r.GetInt64(2), r.GetTimeSpan(3), r.GetDateTime(4), r.GetDateTime(5), r.GetString(6), r.GetString(7), (byte[])r.GetValue(8)));
        Assert.Equal(2, stored.Count);
        Assert.Equal("00112233445566778899AABBCCDDEEFF", stored[0].Item2);
        Assert.Equal((1L, 0L), (stored[0].Item3, stored[1].Item3));
        Assert.Equal(TimeSpan.Parse("-838:59:59.999999".Replace("838:", "34.22:", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), stored[0].Item4);
        Assert.Equal(new TimeSpan(34, 22, 59, 59).Add(TimeSpan.FromTicks(9_999_990)), stored[1].Item4);
        Assert.Equal(new DateTime(2030, 1, 2, 1, 4, 5, 678), stored[0].Item5);
        Assert.Equal(new DateTime(2024, 2, 29, 1, 2, 3, 456), stored[0].Item6);
        Assert.Equal(("\U0001F600 ok\t\\", "\u00e9"), (stored[0].Item7, stored[0].Item8));
        Assert.Equal(new byte[] { 0, 9, 10, 13, 92, 255 }, stored[0].Item9);
        Assert.Equal(("", "z", 0), (stored[1].Item7, stored[1].Item8, stored[1].Item9.Length));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Text_with_an_unpaired_surrogate_and_a_fraction_the_column_would_round_each_fail_their_row_alone(string path)
    {
        await using var table = await TestTable.CreateAsync(
            "forms",
            "id INT PRIMARY KEY, uuid CHAR(36) NOT NULL, flag TINYINT(1) NOT NULL, span BIGINT NOT NULL, at DATETIME(6) NOT NULL, millis DATETIME(3) NOT NULL, " +
            "text TEXT NOT NULL, letter VARCHAR(1) NOT NULL, bytes BLOB NOT NULL");
        var failures = new ConcurrentQueue<BatchFailure<Forms>>();
        var options = new BatchFlowOptions<Forms> { FlushSize = 100, LingerTime = TimeSpan.FromHours(1), OnFailure = f => { failures.Enqueue(f); return ValueTask.CompletedTask; } };
        var sink = new MySqlBatchSink<Forms>(table.DataSource, table.Describe(FormsFlow.Table)) { ForcedPath = Enum.Parse<MySqlWritePath>(path) };
        await using (var flow = new BatchFlow<Forms>(sink, options))
        {
            for (var id = 1; id <= 100; id++)
            {
                var text = id == 10 ? "cut \uD83D" : "ok";
                var letter = id == 20 ? '\uDE00' : 'x';
                var millis = id == 30 ? new DateTime(2024, 1, 1, 0, 0, 0).AddTicks(1_234_000) : new DateTime(2024, 1, 1, 0, 0, 0, 123);
                await flow.SubmitAsync(new Forms(id, Guid.NewGuid(), id % 2 == 0, TimeSpan.MaxValue, DateTimeOffset.MaxValue, millis, text, letter, [1]));
            }
        }

        Assert.Equal([10, 20, 30], failures.SelectMany(f => f.Rows).Select(r => r.Id).Order());
        Assert.All(failures, f => Assert.True(f.Exception is EncoderFallbackException or ArgumentOutOfRangeException, f.Exception.ToString()));
        Assert.Equal(97, await TestDatabase.ScalarAsync<long>($"SELECT COUNT(*) FROM {table.Quoted}"));
        Assert.Equal(TimeSpan.MaxValue.Ticks, await TestDatabase.ScalarAsync<long>($"SELECT MAX(span) FROM {table.Quoted}"));
    }

    [Fact]
    public async Task A_table_whose_columns_do_not_fit_is_reported_naming_every_column_before_a_row_is_sent()
    {
        await using var table = await TestTable.CreateAsync(
            "forms",
            "id SMALLINT PRIMARY KEY, uuid CHAR(32) NOT NULL, flag TINYINT(1) NOT NULL, span TIME(6) NOT NULL, at DATE NOT NULL, millis DATETIME(3) NOT NULL, " +
            "text CHAR(20) NOT NULL, letter VARCHAR(1) NOT NULL, bytes BINARY(4) NOT NULL, total INT GENERATED ALWAYS AS (id + 1) VIRTUAL");
        var sink = new MySqlBatchSink<Forms>(table.DataSource, table.Describe(FormsFlow.Table));
        var failure = await Assert.ThrowsAsync<BatchSchemaException>(async () =>
            await sink.WriteAsync(new[] { new Forms(1, Guid.Empty, true, TimeSpan.Zero, DateTimeOffset.UnixEpoch, DateTime.UnixEpoch, "", 'x', []) }, CancellationToken.None));
        await sink.DisposeAsync();

        foreach (var column in new[] { "`id` is smallint", "`uuid` is char(32)", "`at` is date", "`text` is char(20)", "`bytes` is binary(4)" })
        {
            Assert.Contains(column, failure.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("`millis`", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>($"SELECT COUNT(*) FROM {table.Quoted}"));
    }

    [Fact]
    public async Task Without_AllowLoadLocalInfile_every_batch_is_written_with_prepared_inserts()
    {
        await using var table = await TestTable.CreateAsync("accounts", "id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL",
            TestDatabase.With(b => b.AllowLoadLocalInfile = false));
        var sink = new MySqlBatchSink<UpsertAccount>(table.DataSource, table.Describe(UpsertAccountFlow.Table));
        await using (var flow = new BatchFlow<UpsertAccount>(sink, new BatchFlowOptions { FlushSize = 3_000 }))
        {
            for (var id = 1; id <= 5_000; id++)
            {
                await flow.SubmitAsync(new UpsertAccount(id, "first", 1));
            }

            await flow.FlushAsync();
            for (var id = 2_501; id <= 7_500; id++)
            {
                await flow.SubmitAsync(new UpsertAccount(id, "second", 2));
            }
        }

        Assert.Equal(MySqlWritePath.Insert, sink.WritePath);
        var stats = Assert.Single(await TestDatabase.QueryAsync(
            $"SELECT COUNT(*), SUM(name = 'second'), SUM(score) FROM {table.Quoted}", r => (r.GetInt64(0), r.GetDecimal(1), r.GetDecimal(2))));
        Assert.Equal((7_500L, 5_000m, 12_500m), stats);
    }

    private static TypeRow[] TypeRows()
    {
        var property = typeof(ProviderConformanceTests).GetField("s_typeRows", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return ((System.Collections.IDictionary)property.GetValue(null)!).Values.Cast<TypeRow>().ToArray();
    }
}
