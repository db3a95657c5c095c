using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class ConcurrentUpsertTests
{
    [Fact]
    public async Task Two_flows_updating_the_same_keys_in_opposite_orders_never_deadlock()
    {
        // Each merge locks the rows it updates one by one. If each followed its own batch's order, one flow going up
        // and the other coming down would meet in the middle holding what the other needs: a deadlock (40P01) that
        // the server breaks by aborting one, and the flow retries. The merge takes rows in key order, so both lock
        // in the same order and the later one simply waits.
        const int keys = 20_000;
        const int rounds = 3;
        await using var table = await Accounts.CreateTableAsync();
        await table.ExecuteAsync($"INSERT INTO {table.Quoted} (id, name, score) SELECT g, 'seed', 0 FROM generate_series(1, {keys}) g");
        using var metrics = new MetricCollector(table.Name);
        var upLog = new FailureLog<UpdateAccount>();
        var downLog = new FailureLog<UpdateAccount>();
        await using var up = Accounts.Flow<UpdateAccount>(table, upLog.Options(flushSize: keys, maxConcurrentFlushes: 1));
        await using var down = Accounts.Flow<UpdateAccount>(table, downLog.Options(flushSize: keys, maxConcurrentFlushes: 1));

        for (var round = 1; round <= rounds; round++)
        {
            for (var i = 1; i <= keys; i++)
            {
                await up.SubmitAsync(UpdateAccount.New(i, "up", round));
                await down.SubmitAsync(UpdateAccount.New(keys + 1 - i, "down", round));
            }

            await Task.WhenAll(up.FlushAsync(), down.FlushAsync()).WaitAsync(TimeSpan.FromMinutes(2));
        }

        Assert.Empty(upLog.Failures);
        Assert.Empty(downLog.Failures);
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.Retries));
        Assert.Equal(2L * rounds * keys, metrics.Sum(BatchFlowTelemetry.RowsWritten));
        var stored = await Accounts.ReadAsync<UpdateAccount>(table);
        Assert.Equal(keys, stored.Count);
        Assert.All(stored.Values, a => Assert.Equal(rounds, a.Score));
    }
}
