using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql.Tests;

public sealed class ConflictModeTests
{
    // The table has a column the row type does not write, so Update (keeps it) and Replace (resets it) differ.
    private const string ColumnsWithNote = Accounts.Columns + ", note text NOT NULL DEFAULT 'fresh'";

    private static readonly Account[] s_first = [new(1, "a", 10), new(2, "b", 20)];

    // Key 1 exists already and appears twice; key 3 is new and appears twice.
    private static readonly Account[] s_second = [new(1, "c", 11), new(3, "d", 30), new(1, "e", 12), new(3, "f", 31)];

    [Fact]
    public async Task Ignore_keeps_the_stored_row_and_the_first_row_of_a_key_inside_a_batch()
    {
        var rows = await WriteTwoBatchesAsync(Conflict.Ignore);

        Assert.Equal([(1L, "a", 10, "edited"), (2L, "b", 20, "edited"), (3L, "d", 30, "fresh")], rows);
    }

    [Fact]
    public async Task Update_overwrites_the_written_columns_with_the_last_row_of_a_key_and_keeps_the_others()
    {
        var rows = await WriteTwoBatchesAsync(Conflict.Update);

        Assert.Equal([(1L, "e", 12, "edited"), (2L, "b", 20, "edited"), (3L, "f", 31, "fresh")], rows);
    }

    [Fact]
    public async Task Replace_makes_the_row_exactly_the_last_new_one_and_resets_unwritten_columns_to_their_default()
    {
        var rows = await WriteTwoBatchesAsync(Conflict.Replace);

        Assert.Equal([(1L, "e", 12, "fresh"), (2L, "b", 20, "edited"), (3L, "f", 31, "fresh")], rows);
    }

    [Fact]
    public async Task None_reports_each_row_whose_key_exists_or_repeats_and_commits_the_rest()
    {
        await using var table = await TestTable.CreateAsync("conflict_none", ColumnsWithNote);
        var log = new FailureLog<Account>();
        await using (var flow = Accounts.Flow(table, Conflict.None, log.Options(flushSize: 4)))
        {
            await SubmitAsync(flow, s_first);
            await flow.FlushAsync();
            await SubmitAsync(flow, s_second);
        }

        var stored = await Accounts.ReadAsync(table);
        Assert.Equal([new(1, "a", 10), new(2, "b", 20), new(3, "d", 30)], stored.Values.OrderBy(a => a.Id));
        Assert.Equal([new(1, "c", 11), new(1, "e", 12), new(3, "f", 31)], log.Rows.OrderBy(a => a.Id).ThenBy(a => a.Name));
        Assert.All(log.Failures, f => Assert.Equal("23505", Assert.IsType<PostgresException>(f.Exception).SqlState));
        Assert.All(log.Failures, f => Assert.Equal(1, f.Attempts));
    }

    [Theory]
    [InlineData(Conflict.Update)]
    [InlineData(Conflict.Replace)]
    public async Task A_batch_full_of_repeated_keys_never_makes_DO_UPDATE_touch_a_row_twice(Conflict conflict)
    {
        await using var table = await TestTable.CreateAsync("conflict_repeat", Accounts.Columns);
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<Account>();
        await using (var flow = Accounts.Flow(table, conflict, log.Options(flushSize: 1_000)))
        {
            await SubmitAsync(flow, [new Account(3, "seed", 0)]);
            await flow.FlushAsync();

            // 1,000 rows over 10 keys in one batch, key 3 among them already stored; round r writes score r.
            for (var round = 1; round <= 100; round++)
            {
                for (var key = 0; key < 10; key++)
                {
                    await flow.SubmitAsync(new Account(key, $"round {round}", round));
                }
            }
        }

        Assert.Empty(log.Failures);
        var stored = await Accounts.ReadAsync(table);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => new Account(k, "round 100", 100)), stored.Values.OrderBy(a => a.Id));
        Assert.Equal(990, metrics.Sum(BatchFlowTelemetry.RowsDeduplicated));
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.Retries));
    }

    [Fact]
    public async Task Without_the_core_collapsing_keys_the_server_refuses_a_batch_that_updates_a_row_twice()
    {
        // The guard above matters: the sink alone sends the batch as is, and PostgreSQL rejects it (SQLSTATE 21000).
        await using var table = await TestTable.CreateAsync("conflict_raw", Accounts.Columns);
        await using var sink = new PostgresBatchSink<Account>(table.DataSource, Accounts.Table(table.Name, Conflict.Update), AccountWriter.Instance);

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
            await sink.WriteAsync(new Account[] { new(1, "x", 1), new(1, "y", 2) }, CancellationToken.None));

        Assert.Equal("21000", error.SqlState);
        Assert.False(sink.IsTransient(error));
        Assert.Equal(0L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    [Theory]
    [InlineData(Conflict.Ignore, "first")]
    [InlineData(Conflict.Update, "last")]
    [InlineData(Conflict.Replace, "last")]
    public async Task Composite_keys_conflict_only_when_every_key_column_matches(Conflict conflict, string winner)
    {
        await using var table = await TestTable.CreateAsync("conflict_composite",
            "org_id integer NOT NULL, user_name text NOT NULL, role text NOT NULL, PRIMARY KEY (org_id, user_name)");
        var log = new FailureLog<Membership>();
        await using (var flow = new BatchFlow<Membership>(
            new PostgresBatchSink<Membership>(table.DataSource, Memberships.Table(table.Name, conflict), MembershipWriter.Instance),
            log.Options(flushSize: 100)))
        {
            await flow.SubmitAsync(new Membership(1, "ann", "stored"));
            await flow.SubmitAsync(new Membership(2, "bob", "stored"));
            await flow.FlushAsync();

            // Same org or same user alone is a different key; (1, ann) exists and repeats; (2, ann) is new and repeats.
            foreach (var row in new Membership[] { new(1, "ann", "first"), new(1, "bob", "only"), new(2, "ann", "first"), new(1, "ann", "last"), new(2, "ann", "last") })
            {
                await flow.SubmitAsync(row);
            }
        }

        Assert.Empty(log.Failures);
        var stored = await table.QueryAsync($"SELECT org_id, user_name, role FROM {table.Quoted} ORDER BY org_id, user_name",
            r => new Membership(r.GetInt32(0), r.GetString(1), r.GetString(2)));
        var expectedAnn = conflict == Conflict.Ignore ? "stored" : "last";
        Assert.Equal(
            [new(1, "ann", expectedAnn), new(1, "bob", "only"), new(2, "ann", winner), new(2, "bob", "stored")],
            stored);
    }

    [Theory]
    [InlineData(Conflict.None)]
    [InlineData(Conflict.Update)]
    public async Task Names_with_quotes_spaces_and_capitals_are_quoted_everywhere(Conflict conflict)
    {
        var name = TestDatabase.UniqueName("We\"ird Table");
        await using var table = await TestTable.CreateAsync("", "\"Id\" bigint PRIMARY KEY, \"the \"\"name\"\"\" text NOT NULL", name);
        var description = new TableDescription<Account>(
            name,
            conflict,
            [
                new ColumnDescription("Id", nameof(Account.Id), ColumnType.Int64, isNullable: false, isKey: true),
                new ColumnDescription("the \"name\"", nameof(Account.Name), ColumnType.String, isNullable: false, isKey: false),
            ],
            EqualityComparer<Account>.Create((x, y) => x?.Id == y?.Id, a => a.Id.GetHashCode()));
        await using (var flow = new BatchFlow<Account>(new PostgresBatchSink<Account>(table.DataSource, description, new IdAndNameWriter())))
        {
            await flow.SubmitAsync(new Account(1, "Robert'); DROP TABLE students;--", 0));
        }

        Assert.Equal("Robert'); DROP TABLE students;--", await table.ScalarAsync<string>($"SELECT \"the \"\"name\"\"\" FROM {table.Quoted} WHERE \"Id\" = 1"));
    }

    private static async Task<List<(long Id, string Name, int Score, string Note)>> WriteTwoBatchesAsync(Conflict conflict)
    {
        await using var table = await TestTable.CreateAsync("conflict_" + conflict.ToString().ToLowerInvariant(), ColumnsWithNote);
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<Account>();
        await using (var flow = Accounts.Flow(table, conflict, log.Options(flushSize: 4)))
        {
            await SubmitAsync(flow, s_first);
            await flow.FlushAsync();
            await table.ExecuteAsync($"UPDATE {table.Quoted} SET note = 'edited'");

            // One batch of four: FlushSize is 4 and the linger is a minute.
            await SubmitAsync(flow, s_second);
        }

        Assert.Empty(log.Failures);
        Assert.Equal(2, metrics.Sum(BatchFlowTelemetry.RowsDeduplicated));
        Assert.Equal(2, metrics.Count(BatchFlowTelemetry.BatchSize));
        return await table.QueryAsync($"SELECT id, name, score, note FROM {table.Quoted} ORDER BY id",
            r => (r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3)));
    }

    private static async Task SubmitAsync<T>(BatchFlow<T> flow, IEnumerable<T> rows)
    {
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row);
        }
    }

    private sealed class IdAndNameWriter : IPostgresRowWriter<Account>
    {
        public void Write(in Account row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns)
        {
            importer.Write(row.Id, NpgsqlDbType.Bigint);
            importer.Write(row.Name, NpgsqlDbType.Text);
        }
    }
}
