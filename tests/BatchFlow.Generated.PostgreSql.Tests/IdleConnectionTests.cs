using System.Diagnostics;
using BatchFlow.PostgreSql.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class IdleConnectionTests
{
    [Fact]
    public async Task An_idle_flow_gives_its_connection_back_and_opens_one_again_for_the_next_batch()
    {
        await using var table = await Accounts.CreateTableAsync();

        // Without pooling, a connection given back is closed, so the server shows exactly what the sink holds.
        var application = table.Schema + "_idle";
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(table.ConnectionString)
        {
            Pooling = false,
            ApplicationName = application,
        }.ConnectionString);
        var sink = new PostgresBatchSink<Account>(dataSource, AccountFlow.Table, idleTimeout: TimeSpan.FromSeconds(5));
        await using var flow = new BatchFlow<Account>(sink, new BatchFlowOptions { FlushSize = 10 });

        // Held right after the batch (5 s is far longer than the query takes)...
        await SubmitAsync(flow, firstId: 1);
        Assert.Equal(1L, await BackendsAsync(table, application));

        // ...and given back once unused for 5 s.

        var clock = Stopwatch.StartNew();
        while (await BackendsAsync(table, application) > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The idle connection was still open after 30 s.");
            await Task.Delay(50);
        }

        await SubmitAsync(flow, firstId: 11);
        Assert.Equal(20L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    private static async Task SubmitAsync(BatchFlow<Account> flow, long firstId)
    {
        for (var id = firstId; id < firstId + 10; id++)
        {
            await flow.SubmitAsync(new Account(id, "n", 1));
        }

        await flow.FlushAsync();
    }

    private static Task<long> BackendsAsync(TestTable table, string application) =>
        table.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{application}'");
}
