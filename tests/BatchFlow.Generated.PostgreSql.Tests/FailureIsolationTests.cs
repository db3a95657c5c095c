using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class FailureIsolationTests
{
    [Theory]
    [InlineData(Conflict.None)]
    [InlineData(Conflict.Ignore)]
    [InlineData(Conflict.Update)]
    [InlineData(Conflict.Replace)]
    public Task A_row_violating_a_constraint_fails_alone_and_every_other_row_commits(Conflict conflict) => conflict switch
    {
        Conflict.None => RowViolatingAConstraintFailsAloneAsync<Account>(),
        Conflict.Ignore => RowViolatingAConstraintFailsAloneAsync<IgnoreAccount>(),
        Conflict.Update => RowViolatingAConstraintFailsAloneAsync<UpdateAccount>(),
        Conflict.Replace => RowViolatingAConstraintFailsAloneAsync<ReplaceAccount>(),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    [Fact]
    public async Task Several_bad_rows_in_one_copy_are_each_isolated_on_fresh_connections()
    {
        await using var table = await Accounts.CreateTableAsync();
        var log = new FailureLog<Account>();
        await using (var flow = AccountFlow.Postgres(table.DataSource, log.Options(flushSize: 500)))
        {
            for (var id = 1; id <= 500; id++)
            {
                // A NUL character is a data error (22021) that only the server sees.
                await flow.SubmitAsync(new Account(id, id % 100 == 7 ? "bad\0name" : "ok", id));
            }
        }

        Assert.Equal([7L, 107, 207, 307, 407], log.Rows.Select(a => a.Id).Order());
        Assert.All(log.Failures, f => Assert.Equal("22021", Assert.IsType<PostgresException>(f.Exception).SqlState));
        Assert.Equal(495L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    [Fact]
    public async Task A_missing_table_is_reported_with_its_name_and_not_retried()
    {
        await using var table = await Accounts.CreateTableAsync();
        await table.ExecuteAsync($"DROP TABLE {table.Quoted}");

        var error = await WriteOneRowAndGetItsErrorAsync<UpdateAccount>(table);

        Assert.Contains($"Table {table.Quoted} was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_the_server_rejects_reports_each_batch_whole_without_splitting_it()
    {
        // No unique constraint on id: ON CONFLICT (id) is refused (42P10) whatever the rows are.
        await using var table = await Accounts.CreateTableAsync("id bigint NOT NULL, name text NOT NULL, score integer NOT NULL");
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<IgnoreAccount>();
        await using (var flow = Accounts.Flow<IgnoreAccount>(table, log.Options(flushSize: 100, maxConcurrentFlushes: 1)))
        {
            for (var id = 1; id <= 300; id++)
            {
                await flow.SubmitAsync(IgnoreAccount.New(id, "n", id));
            }
        }

        Assert.Equal(3, log.Failures.Count);
        Assert.All(log.Failures, f =>
        {
            Assert.Equal(100, f.Rows.Count);
            Assert.Equal(1, f.Attempts);
            Assert.Equal("42P10", Assert.IsType<PostgresException>(f.Exception).SqlState);
        });
        Assert.Equal(300, metrics.Sum(BatchFlowTelemetry.RowsFailed));
        Assert.Equal(0L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    [Fact]
    public async Task A_column_whose_type_does_not_match_its_member_is_named_before_any_byte_is_sent()
    {
        // Binary COPY of an int8 into an int4 column would be misread, not converted: the sink checks first.
        await using var table = await Accounts.CreateTableAsync("id integer PRIMARY KEY, name varchar(20) NOT NULL, score bigint NOT NULL");

        var error = await WriteOneRowAndGetItsErrorAsync<Account>(table);

        Assert.Contains("column \"id\" is integer, but member Id (Int64) is copied as bigint", error.Message, StringComparison.Ordinal);
        Assert.Contains("column \"score\" is bigint, but member Score (Int32) is copied as integer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"name\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    [Fact]
    public async Task An_identity_column_that_refuses_written_values_is_named_from_the_real_catalog()
    {
        await using var table = await Accounts.CreateTableAsync("id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, score integer NOT NULL");

        var error = await WriteOneRowAndGetItsErrorAsync<Account>(table);

        Assert.Contains("column \"id\" is GENERATED ALWAYS AS IDENTITY", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    private static async Task RowViolatingAConstraintFailsAloneAsync<T>()
        where T : IAccount<T>
    {
        await using var table = await Accounts.CreateTableAsync(Accounts.Columns + ", CHECK (score >= 0)");
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<T>();
        await using (var flow = Accounts.Flow<T>(table, log.Options(flushSize: 1_000)))
        {
            for (var id = 1; id <= 3_000; id++)
            {
                await flow.SubmitAsync(T.New(id, "row " + id, id == 1_234 ? -1 : id));
            }
        }

        var failure = Assert.Single(log.Failures);
        Assert.Equal(T.New(1_234, "row 1234", -1), Assert.Single(failure.Rows));
        Assert.Equal("23514", Assert.IsType<PostgresException>(failure.Exception).SqlState);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(2_999L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
        Assert.Equal((3_000L * 3_001 / 2) - 1_234, await table.ScalarAsync<decimal>($"SELECT sum(id) FROM {table.Quoted}"));
        Assert.Equal(2_999, metrics.Sum(BatchFlowTelemetry.RowsWritten));
        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.RowsFailed));
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.Retries));
    }

    /// <summary>Writes one row through a flow and returns the schema error it was reported with, checking it was not retried.</summary>
    private static async Task<BatchSchemaException> WriteOneRowAndGetItsErrorAsync<T>(TestTable table)
        where T : IAccount<T>
    {
        var log = new FailureLog<T>();
        await using (var flow = Accounts.Flow<T>(table, log.Options()))
        {
            await flow.SubmitAsync(T.New(1, "a", 1));
        }

        var failure = Assert.Single(log.Failures);
        Assert.Equal(1, failure.Attempts);
        return Assert.IsType<BatchSchemaException>(failure.Exception);
    }
}
