using BatchFlow.MySql.Tests.Support;

namespace BatchFlow.MySql.Tests;

public sealed class LoadTests
{
    [Fact]
    public async Task Eight_producers_of_200_000_rows_each_store_exactly_1_600_000_rows_each_key_once()
    {
        const int producers = 8, perProducer = 200_000;
        await using var table = await TestTable.CreateAsync("accounts", "id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL");
        var failures = 0;
        var options = new BatchFlowOptions<Account>
        {
            OnFailure = failure =>
            {
                Interlocked.Add(ref failures, failure.Rows.Count);
                return ValueTask.CompletedTask;
            },
        };

        // The provider's defaults, as a user gets them (LOAD DATA, 10,000-row batches, 2 writes in flight).
        var sink = new MySqlBatchSink<Account>(table.DataSource, table.Describe(AccountFlow.Table));
        await using (var flow = new BatchFlow<Account>(sink, options))
        {
            await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    var id = ((long)p * perProducer) + i + 1;
                    await flow.SubmitAsync(new Account(id, "p" + p, i));
                }
            })));
        }

        Assert.Equal(0, failures);
        Assert.Equal(MySqlWritePath.Load, sink.WritePath);
        const long total = (long)producers * perProducer;
        var stats = Assert.Single(await TestDatabase.QueryAsync(
            $"SELECT COUNT(*), COUNT(DISTINCT id), SUM(id) FROM {table.Quoted}",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetDecimal(2))));
        Assert.Equal((total, total, (decimal)total * (total + 1) / 2), stats);
    }
}
