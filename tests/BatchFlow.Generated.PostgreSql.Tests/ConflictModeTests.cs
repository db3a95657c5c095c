using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class ConflictModeTests
{
    // The table has a column the row type does not write, so Update (keeps it) and Replace (resets it) differ.
    private const string ColumnsWithNote = Accounts.Columns + ", note text NOT NULL DEFAULT 'fresh'";

    private static readonly (long, string, int)[] s_first = [(1, "a", 10), (2, "b", 20)];

    // Key 1 exists already and appears twice; key 3 is new and appears twice.
    private static readonly (long, string, int)[] s_second = [(1, "c", 11), (3, "d", 30), (1, "e", 12), (3, "f", 31)];

    [Fact]
    public void Each_record_type_writes_its_table_with_the_conflict_mode_its_name_says()
    {
        Assert.Equal(("accounts", Conflict.None), (Account.Table.Name, Account.Table.Conflict));
        Assert.Equal(("accounts", Conflict.Ignore), (IgnoreAccount.Table.Name, IgnoreAccount.Table.Conflict));
        Assert.Equal(("accounts", Conflict.Update), (UpdateAccount.Table.Name, UpdateAccount.Table.Conflict));
        Assert.Equal(("accounts", Conflict.Replace), (ReplaceAccount.Table.Name, ReplaceAccount.Table.Conflict));
        Assert.Equal(("memberships", Conflict.Ignore), (IgnoreMembership.Table.Name, IgnoreMembership.Table.Conflict));
        Assert.Equal(("memberships", Conflict.Update), (UpdateMembership.Table.Name, UpdateMembership.Table.Conflict));
        Assert.Equal(("memberships", Conflict.Replace), (ReplaceMembership.Table.Name, ReplaceMembership.Table.Conflict));
        Assert.Equal(("We\"ird Table", Conflict.None), (OddlyNamed.Table.Name, OddlyNamed.Table.Conflict));
        Assert.Equal(("We\"ird Table", Conflict.Update), (UpdateOddlyNamed.Table.Name, UpdateOddlyNamed.Table.Conflict));
        Assert.Equal(("nullable_types", Conflict.None), (NullableTypes.Table.Name, NullableTypes.Table.Conflict));
        Assert.Equal(("nullable_types", Conflict.Update), (UpdateNullableTypes.Table.Name, UpdateNullableTypes.Table.Conflict));
        Assert.Equal(Conflict.None, EventFlow.Table.Conflict);
        Assert.Equal(Conflict.Update, UpdateEventFlow.Table.Conflict);
    }

    [Fact]
    public async Task Ignore_keeps_the_stored_row_and_the_first_row_of_a_key_inside_a_batch()
    {
        var rows = await WriteTwoBatchesAsync<IgnoreAccount>();

        Assert.Equal([(1L, "a", 10, "edited"), (2L, "b", 20, "edited"), (3L, "d", 30, "fresh")], rows);
    }

    [Fact]
    public async Task Update_overwrites_the_written_columns_with_the_last_row_of_a_key_and_keeps_the_others()
    {
        var rows = await WriteTwoBatchesAsync<UpdateAccount>();

        Assert.Equal([(1L, "e", 12, "edited"), (2L, "b", 20, "edited"), (3L, "f", 31, "fresh")], rows);
    }

    [Fact]
    public async Task Replace_makes_the_row_exactly_the_last_new_one_and_resets_unwritten_columns_to_their_default()
    {
        var rows = await WriteTwoBatchesAsync<ReplaceAccount>();

        Assert.Equal([(1L, "e", 12, "fresh"), (2L, "b", 20, "edited"), (3L, "f", 31, "fresh")], rows);
    }

    [Fact]
    public async Task None_reports_each_row_whose_key_exists_or_repeats_and_commits_the_rest()
    {
        await using var table = await Accounts.CreateTableAsync(ColumnsWithNote);
        var log = new FailureLog<Account>();
        await using (var flow = AccountFlow.Postgres(table.DataSource, log.Options(flushSize: 4)))
        {
            await SubmitAsync(flow, Accounts.Rows<Account>(s_first));
            await flow.FlushAsync();
            await SubmitAsync(flow, Accounts.Rows<Account>(s_second));
        }

        var stored = await Accounts.ReadAsync<Account>(table);
        Assert.Equal([new(1, "a", 10), new(2, "b", 20), new(3, "d", 30)], stored.Values.OrderBy(a => a.Id));
        Assert.Equal([new(1, "c", 11), new(1, "e", 12), new(3, "f", 31)], log.Rows.OrderBy(a => a.Id).ThenBy(a => a.Name));
        Assert.All(log.Failures, f => Assert.Equal("23505", Assert.IsType<PostgresException>(f.Exception).SqlState));
        Assert.All(log.Failures, f => Assert.Equal(1, f.Attempts));
    }

    [Theory]
    [InlineData(Conflict.Update)]
    [InlineData(Conflict.Replace)]
    public Task A_batch_full_of_repeated_keys_never_makes_DO_UPDATE_touch_a_row_twice(Conflict conflict) => conflict switch
    {
        Conflict.Update => RepeatedKeysInOneBatchAsync<UpdateAccount>(),
        Conflict.Replace => RepeatedKeysInOneBatchAsync<ReplaceAccount>(),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    [Fact]
    public async Task Without_the_core_collapsing_keys_the_server_refuses_a_batch_that_updates_a_row_twice()
    {
        // The guard above matters: the sink alone sends the batch as is, and PostgreSQL rejects it (SQLSTATE 21000).
        await using var table = await Accounts.CreateTableAsync();
        await using var sink = Accounts.RawSink(table.DataSource, Conflict.Update);

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
    public Task Composite_keys_conflict_only_when_every_key_column_matches(Conflict conflict, string winner) => conflict switch
    {
        Conflict.Ignore => CompositeKeysAsync<IgnoreMembership>(conflict, winner),
        Conflict.Update => CompositeKeysAsync<UpdateMembership>(conflict, winner),
        Conflict.Replace => CompositeKeysAsync<ReplaceMembership>(conflict, winner),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    [Theory]
    [InlineData(Conflict.None)]
    [InlineData(Conflict.Update)]
    public Task Names_with_quotes_spaces_and_capitals_are_quoted_everywhere(Conflict conflict) => conflict switch
    {
        Conflict.None => OddNamesAsync<OddlyNamed>(),
        Conflict.Update => OddNamesAsync<UpdateOddlyNamed>(),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    private static async Task RepeatedKeysInOneBatchAsync<T>()
        where T : IAccount<T>
    {
        await using var table = await Accounts.CreateTableAsync();
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<T>();
        await using (var flow = Accounts.Flow<T>(table, log.Options(flushSize: 1_000)))
        {
            await SubmitAsync(flow, [T.New(3, "seed", 0)]);
            await flow.FlushAsync();

            // 1,000 rows over 10 keys in one batch, key 3 among them already stored; round r writes score r.
            for (var round = 1; round <= 100; round++)
            {
                for (var key = 0; key < 10; key++)
                {
                    await flow.SubmitAsync(T.New(key, $"round {round}", round));
                }
            }
        }

        Assert.Empty(log.Failures);
        var stored = await Accounts.ReadAsync<T>(table);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => T.New(k, "round 100", 100)), stored.Values.OrderBy(a => a.Id));
        Assert.Equal(990, metrics.Sum(BatchFlowTelemetry.RowsDeduplicated));
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.Retries));
    }

    private static async Task CompositeKeysAsync<T>(Conflict conflict, string winner)
        where T : IMembership<T>
    {
        await using var table = await TestTable.CreateAsync(T.Table.Name,
            "org_id integer NOT NULL, user_name text NOT NULL, role text NOT NULL, PRIMARY KEY (org_id, user_name)");
        var log = new FailureLog<T>();
        await using (var flow = T.Postgres(table.DataSource, log.Options(flushSize: 100)))
        {
            await flow.SubmitAsync(T.New(1, "ann", "stored"));
            await flow.SubmitAsync(T.New(2, "bob", "stored"));
            await flow.FlushAsync();

            // Same org or same user alone is a different key; (1, ann) exists and repeats; (2, ann) is new and repeats.
            foreach (var row in new[] { T.New(1, "ann", "first"), T.New(1, "bob", "only"), T.New(2, "ann", "first"), T.New(1, "ann", "last"), T.New(2, "ann", "last") })
            {
                await flow.SubmitAsync(row);
            }
        }

        Assert.Empty(log.Failures);
        var stored = await table.QueryAsync($"SELECT org_id, user_name, role FROM {table.Quoted} ORDER BY org_id, user_name",
            r => T.New(r.GetInt32(0), r.GetString(1), r.GetString(2)));
        var expectedAnn = conflict == Conflict.Ignore ? "stored" : "last";
        Assert.Equal(
            [T.New(1, "ann", expectedAnn), T.New(1, "bob", "only"), T.New(2, "ann", winner), T.New(2, "bob", "stored")],
            stored);
    }

    private static async Task OddNamesAsync<T>()
        where T : IOddlyNamed<T>
    {
        await using var table = await TestTable.CreateAsync(T.Table.Name, "\"Id\" bigint PRIMARY KEY, \"the \"\"name\"\"\" text NOT NULL");
        await using (var flow = T.Postgres(table.DataSource))
        {
            await flow.SubmitAsync(T.New(1, "Robert'); DROP TABLE students;--"));
        }

        Assert.Equal("Robert'); DROP TABLE students;--", await table.ScalarAsync<string>($"SELECT \"the \"\"name\"\"\" FROM {table.Quoted} WHERE \"Id\" = 1"));
    }

    private static async Task<List<(long Id, string Name, int Score, string Note)>> WriteTwoBatchesAsync<T>()
        where T : IAccount<T>
    {
        await using var table = await Accounts.CreateTableAsync(ColumnsWithNote);
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<T>();
        await using (var flow = Accounts.Flow<T>(table, log.Options(flushSize: 4)))
        {
            await SubmitAsync(flow, Accounts.Rows<T>(s_first));
            await flow.FlushAsync();
            await table.ExecuteAsync($"UPDATE {table.Quoted} SET note = 'edited'");

            // One batch of four: FlushSize is 4 and the linger is a minute.
            await SubmitAsync(flow, Accounts.Rows<T>(s_second));
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
}
