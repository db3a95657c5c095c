using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class LoadTests
{
    [Fact]
    public async Task Eight_producers_of_200000_rows_each_store_exactly_1600000_rows_each_key_once()
    {
        const int producers = 8;
        const int perProducer = 200_000;
        const long total = (long)producers * perProducer;
        await using var table = await Accounts.CreateTableAsync();
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<Account>();
        await using (var flow = AccountFlow.Postgres(table.DataSource, log.Options(flushSize: 5_000, linger: TimeSpan.FromMilliseconds(100))))
        {
            await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                // Producer p owns the keys p*perProducer+1 .. (p+1)*perProducer.
                var first = ((long)p * perProducer) + 1;
                for (var i = 0; i < perProducer; i++)
                {
                    await flow.SubmitAsync(new Account(first + i, "p", p));
                }
            })));
        }

        Assert.Empty(log.Failures);
        var (count, distinct, sum) = await CountAsync(table);
        Assert.Equal(total, count);
        Assert.Equal(total, distinct);
        Assert.Equal(total * (total + 1) / 2, sum);
        Assert.Equal(total, metrics.Sum(BatchFlowTelemetry.RowsWritten));
    }

    internal static async Task<(long Count, long Distinct, decimal Sum)> CountAsync(TestTable table) =>
        Assert.Single(await table.QueryAsync(
            $"SELECT count(*), count(DISTINCT id), coalesce(sum(id), 0) FROM {table.Quoted}",
            (NpgsqlDataReader r) => (r.GetInt64(0), r.GetInt64(1), r.GetDecimal(2))));
}
