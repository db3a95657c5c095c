using BatchFlow.Redis.Relay.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Tests;

/// <summary>The relay as a hosted service, as a worker process would run it.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task A_hosted_relay_writes_the_rows_and_gives_its_leases_up_when_the_host_stops()
    {
        var redis = await Servers.RedisAsync();
        await using var table = await AccountsTable.CreateAsync();
        var stream = Servers.UniqueStream("hosted");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSingleton(_ => RelayAccountFlow.Postgres(table.DataSource, new BatchFlowOptions { LingerTime = TimeSpan.FromMilliseconds(50) }));
        builder.Services.AddRedisStreamRelay<RelayAccount>(stream, sp => sp.GetRequiredService<RelayAccountFlow>(), o => o.Partitions = 2);
        using var host = builder.Build();
        await host.StartAsync();

        await Streams.ProduceAsync(redis, stream, 2, Enumerable.Range(0, 500).Select(k => new RelayAccount(k, "h", k)));
        var relay = host.Services.GetRequiredService<RedisStreamRelay<RelayAccount>>();
        await Eventually.HoldsAsync(() => relay.GetStatistics().Acknowledged == 500, "every entry acknowledged");
        Assert.Equal(500, (await table.RowsAsync()).Count);

        await host.StopAsync();
        var db = redis.GetDatabase();
        Assert.False(await db.KeyExistsAsync($"{stream}:lease:batchflow:0"));
        Assert.False(await db.KeyExistsAsync($"{stream}:lease:batchflow:1"));
        Assert.Equal(0, relay.GetStatistics().OwnedPartitions);
    }
}
