using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class ConflictModeTests
{
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

    private static async Task SubmitAsync<T>(BatchFlow<T> flow, IEnumerable<T> rows)
    {
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row);
        }
    }
}
