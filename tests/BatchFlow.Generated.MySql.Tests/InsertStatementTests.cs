using BatchFlow.MySql.Tests.Support;
using MySqlConnector;

namespace BatchFlow.MySql.Tests;

/// <summary>How the INSERT path cuts a batch into prepared statements, counted on the sink's own connection.</summary>
public sealed class InsertStatementTests
{
    [Fact]
    public async Task A_batch_size_that_recurs_is_one_statement_from_its_second_batch_on()
    {
        await using var table = await TestTable.CreateAsync("accounts", "id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL");
        await using var sink = new MySqlBatchSink<Account>(table.DataSource, table.Describe(AccountFlow.Table)) { ForcedPath = MySqlWritePath.Insert };

        // The first 1,000-row batch is statements of 512, 256, 128, 64, 32 and 8 rows; the next ones are one statement
        // of 1,000 rows, prepared once.
        var first = await WriteCountingAsync(sink, firstId: 1, rows: 1_000);
        var second = await WriteCountingAsync(sink, firstId: 1_001, rows: 1_000);
        var third = await WriteCountingAsync(sink, firstId: 2_001, rows: 1_000);

        Assert.Equal((Executes: 6L, Prepares: 6L), first);
        Assert.Equal((Executes: 1L, Prepares: 1L), second);
        Assert.Equal((Executes: 1L, Prepares: 0L), third);
        Assert.Equal(3_000L, await TestDatabase.ScalarAsync<long>($"SELECT COUNT(DISTINCT id) FROM {table.Quoted}"));
    }

    [Fact]
    public async Task Row_counts_that_do_not_recur_stay_powers_of_two_and_exact_statements_are_bounded()
    {
        await using var table = await TestTable.CreateAsync("accounts", "id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL");
        await using var sink = new MySqlBatchSink<Account>(table.DataSource, table.Describe(AccountFlow.Table)) { ForcedPath = MySqlWritePath.Insert };

        // Each size twice: the first time as powers of two, the second as one statement while fewer than
        // MaxExactSizes exist; after that every size stays powers of two, whatever recurs.
        long id = 1;
        var exact = 0;
        foreach (var rows in new[] { 300, 301, 302, 303, 304, 305 })
        {
            var once = await WriteCountingAsync(sink, id, rows);
            id += rows;
            var twice = await WriteCountingAsync(sink, id, rows);
            id += rows;
            Assert.Equal(System.Numerics.BitOperations.PopCount((uint)rows), (int)once.Executes);
            if (exact < MySqlSession.MaxExactSizes)
            {
                Assert.Equal((Executes: 1L, Prepares: 1L), twice);
                exact++;
            }
            else
            {
                Assert.Equal((long)System.Numerics.BitOperations.PopCount((uint)rows), twice.Executes);
            }
        }

        Assert.Equal(id - 1, await TestDatabase.ScalarAsync<long>($"SELECT COUNT(DISTINCT id) FROM {table.Quoted}"));
    }

    /// <summary>Writes one batch and returns the prepared-statement executions and prepares the sink's connection made for it.</summary>
    private static async Task<(long Executes, long Prepares)> WriteCountingAsync(MySqlBatchSink<Account> sink, long firstId, int rows)
    {
        var batch = new Account[rows];
        for (var i = 0; i < rows; i++)
        {
            batch[i] = new Account(firstId + i, "n" + i, i);
        }

        // The first write opens the sink's one connection; count from an open one so that its setup is not counted.
        if (sink.Sessions.Opened == 0)
        {
            var opened = await sink.Sessions.RentAsync(CancellationToken.None);
            await sink.Sessions.ReturnAsync(opened);
        }

        var before = await CountersAsync(sink);
        await sink.WriteAsync(batch, CancellationToken.None);
        var after = await CountersAsync(sink);
        return (after.Executes - before.Executes, after.Prepares - before.Prepares);
    }

    private static async Task<(long Executes, long Prepares)> CountersAsync(MySqlBatchSink<Account> sink)
    {
        var session = await sink.Sessions.RentAsync(CancellationToken.None);
        try
        {
            await using var command = new MySqlCommand("SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_execute', 'Com_stmt_prepare')", session.Connection);
            await using var reader = await command.ExecuteReaderAsync();
            long executes = 0, prepares = 0;
            while (await reader.ReadAsync())
            {
                var value = long.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
                if (reader.GetString(0) == "Com_stmt_execute")
                {
                    executes = value;
                }
                else
                {
                    prepares = value;
                }
            }

            return (executes, prepares);
        }
        finally
        {
            await sink.Sessions.ReturnAsync(session);
        }
    }
}
