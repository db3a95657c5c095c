using System.Diagnostics;
using BatchFlow.PostgreSql.Tests.Support;
using Microsoft.Extensions.Time.Testing;
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
        // The idle timeout runs on the flow's clock: a fake one that only the test moves.
        var time = new FakeTimeProvider();
        await using var flow = AccountFlow.Postgres(dataSource, new BatchFlowOptions { FlushSize = 10, TimeProvider = time });

        // Held right after the batch, and still after 59 s unused...
        await SubmitAsync(flow, firstId: 1);
        Assert.Equal(1L, await BackendsAsync(table, application));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1L, await BackendsAsync(table, application));

        // ...and given back once unused for a minute (PostgresBatchSink.IdleConnectionTimeout). Closing is
        // asynchronous, so the server's view is polled, in real time, until it shows the connection gone.
        time.Advance(TimeSpan.FromSeconds(1));
        var real = Stopwatch.StartNew();
        while (await BackendsAsync(table, application) > 0)
        {
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(30), "The idle connection was still open 30 s after the fake clock passed its timeout.");
            await Task.Delay(20);
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
