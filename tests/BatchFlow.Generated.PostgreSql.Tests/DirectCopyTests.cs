using BatchFlow.PostgreSql.Tests.Support;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class DirectCopyTests
{
    [Fact]
    public async Task Ignore_copies_batches_of_new_keys_straight_into_the_table_and_merges_a_batch_that_meets_a_stored_key()
    {
        await using var table = await Accounts.CreateTableAsync();
        await table.ExecuteAsync($"INSERT INTO {table.Quoted} (id, name, score) VALUES (150, 'stored', -1)");
        var sink = Accounts.RawSink(table.DataSource, Conflict.Ignore);
        var log = new FailureLog<Account>();
        await using (var flow = new BatchFlow<Account>(sink, log.Options(flushSize: 100, maxConcurrentFlushes: 1)))
        {
            // Batch 1: keys 1-100, all new. Batch 2: keys 101-200, key 150 stored. Batches 3 and 4: new keys again.
            for (var id = 1; id <= 400; id++)
            {
                await flow.SubmitAsync(new Account(id, "new", id));
                if (id % 100 == 0)
                {
                    await flow.FlushAsync();
                }
            }
        }

        Assert.Empty(log.Failures);
        Assert.Equal(1, sink.DirectCopy.Fallbacks);

        // After the conflict the next two batches merge without trying the direct COPY.
        Assert.Equal(1, sink.DirectCopy.DirectCopies);
        var stored = await Accounts.ReadAsync<Account>(table);
        Assert.Equal(400, stored.Count);
        Assert.Equal(new Account(150, "stored", -1), stored[150]);
        Assert.All(stored.Values.Where(a => a.Id != 150), a => Assert.Equal(new Account(a.Id, "new", (int)a.Id), a));
    }

    [Theory]
    [InlineData("id bigint NOT NULL, name text NOT NULL, score integer NOT NULL, UNIQUE (id, name)", "", "42P10")]
    [InlineData("id bigint NOT NULL, name text NOT NULL, score integer NOT NULL", "CREATE UNIQUE INDEX ON {0} (id) WHERE score > 0", "42P10")]
    [InlineData("id bigint NOT NULL, name text NOT NULL, score integer NOT NULL, UNIQUE (id) DEFERRABLE", "", "55000")]
    [InlineData(Accounts.Columns, "ALTER TABLE {0} ENABLE ROW LEVEL SECURITY; ALTER TABLE {0} FORCE ROW LEVEL SECURITY; CREATE POLICY everyone ON {0} USING (true) WITH CHECK (true)", null)]
    public async Task Without_a_plain_unique_index_on_the_key_or_under_row_security_Ignore_never_copies_directly(string columns, string setUp, string? sqlState)
    {
        // A direct COPY there would add a second row for the stored key 5 or be refused: only the merge is right, and
        // where the merge's ON CONFLICT (id) has no arbiter, the server refuses every batch and nothing is written.
        await using var table = await Accounts.CreateTableAsync(columns);
        if (setUp.Length > 0)
        {
            await table.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, setUp, table.Quoted));
        }

        await table.ExecuteAsync($"INSERT INTO {table.Quoted} (id, name, score) VALUES (5, 'stored', 5)");
        var sink = Accounts.RawSink(table.DataSource, Conflict.Ignore);
        var log = new FailureLog<Account>();
        await using (var flow = new BatchFlow<Account>(sink, log.Options(flushSize: 10)))
        {
            for (var id = 1; id <= 10; id++)
            {
                await flow.SubmitAsync(new Account(id, "n", id));
            }
        }

        Assert.Equal(0, sink.DirectCopy.DirectCopies);
        Assert.Equal(0, sink.DirectCopy.Fallbacks);
        var stored = await table.QueryAsync($"SELECT id, name, score FROM {table.Quoted} ORDER BY id, name", r => new Account(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));
        if (sqlState is null)
        {
            Assert.Empty(log.Failures);
            Assert.Equal(Enumerable.Range(1, 10).Select(id => id == 5 ? new Account(5, "stored", 5) : new Account(id, "n", id)), stored);
        }
        else
        {
            // Reported whole, once: the statement, not a row, is refused.
            var failure = Assert.Single(log.Failures);
            Assert.Equal(sqlState, Assert.IsType<Npgsql.PostgresException>(failure.Exception).SqlState);
            Assert.Equal(Enumerable.Range(1, 10).Select(id => (long)id), failure.Rows.Select(r => r.Id));
            Assert.Equal([new Account(5, "stored", 5)], stored);
        }
    }

    [Fact]
    public void Each_conflict_in_a_row_doubles_the_batches_merged_without_trying_and_direct_commits_halve_it()
    {
        var policy = new DirectCopyPolicy();
        Assert.True(policy.ShouldTryDirect());

        policy.Conflicted();
        Assert.Equal([false, false, true], [policy.ShouldTryDirect(), policy.ShouldTryDirect(), policy.ShouldTryDirect()]);

        policy.Conflicted();
        Assert.Equal(4, CountSkipped(policy));

        policy.Committed();
        policy.Conflicted();
        Assert.Equal(4, CountSkipped(policy));

        for (var i = 0; i < 20; i++)
        {
            policy.Conflicted();
        }

        Assert.Equal(1_024, CountSkipped(policy));
        Assert.Equal(23, policy.Fallbacks);
        Assert.Equal(1, policy.DirectCopies);

        static int CountSkipped(DirectCopyPolicy policy)
        {
            var skipped = 0;
            while (!policy.ShouldTryDirect())
            {
                skipped++;
            }

            return skipped;
        }
    }
}
