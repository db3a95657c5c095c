using System.Collections.Concurrent;
using StackExchange.Redis;
using BatchFlow.Redis.Tests.Support;
using Xunit.Abstractions;

namespace BatchFlow.Redis.Tests.Load;

/// <summary>
/// Eight producers of 200,000 rows each into hashes (a standalone server and the 3-master cluster) and into a stream:
/// every row stored once, checked by count, distinct count and key sum.
/// </summary>
[Collection(SerialRedisTests.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Producers = 8, PerProducer = 200_000;
    private const long Total = (long)Producers * PerProducer;

    [Fact]
    public Task Eight_producers_of_200_000_rows_make_1_600_000_hashes_on_a_standalone_server() => HashesAsync(RedisServers.Standalone);

    [Fact]
    public Task Eight_producers_of_200_000_rows_make_1_600_000_hashes_on_a_three_master_cluster() => HashesAsync(RedisServers.Cluster);

    [Fact]
    public async Task Eight_producers_of_200_000_rows_make_1_600_000_stream_entries_each_once()
    {
        await using var redis = await RedisServers.ConnectAsync(RedisServers.Standalone);
        var stream = "load-stream-" + Guid.NewGuid().ToString("N");
        var (options, failures) = Collecting<LoadEntry>();
        try
        {
            await using (var flow = LoadEntryFlow.RedisStream(redis, stream, options: options))
            {
                await ProduceAsync(id => flow.SubmitAsync(new LoadEntry(id, "p", (int)(id % Producers))));
            }

            Assert.Empty(failures);
            var ids = await RedisStore.StreamIdsAsync(redis.GetDatabase(), stream);
            output.WriteLine($"{ids.Count} entries, {ids.Count - ids.Distinct().Count()} duplicates");
            Assert.Equal(Total, ids.Count);
            Assert.Equal(Total, ids.Distinct().LongCount());
            Assert.Equal(Total * (Total + 1) / 2, ids.Sum());
        }
        finally
        {
            await redis.GetDatabase().KeyDeleteAsync(stream);
        }
    }

    private async Task HashesAsync(string configuration)
    {
        await using var redis = await RedisServers.ConnectAsync(configuration);
        var prefix = "load-" + Guid.NewGuid().ToString("N");
        var (options, failures) = Collecting<LoadRow>();
        try
        {
            await using (var flow = LoadRowFlow.RedisHash(redis, new RedisKeyOptions { Prefix = prefix }, options))
            {
                await ProduceAsync(id => flow.SubmitAsync(new LoadRow(id, "p", (int)(id % Producers))));
            }

            Assert.Empty(failures.Select(f => f.Exception.Message));
            var stats = await RedisStore.KeyStatsAsync(redis, prefix);
            output.WriteLine($"{configuration}: {stats}");
            Assert.Equal((Total, Total, Total * (Total + 1) / 2), stats);
            var sample = await redis.GetDatabase().HashGetAllAsync($"{prefix}:123457");
            Assert.Equal(
                [("id", "123457"), ("name", "p"), ("producer", (123457 % Producers).ToString(System.Globalization.CultureInfo.InvariantCulture))],
                sample.Select(e => ((string)e.Name!, (string)e.Value!)).Order());
        }
        finally
        {
            await RedisStore.DeleteAsync(redis, prefix);
        }
    }

    private static Task ProduceAsync(Func<long, ValueTask> submit) =>
        Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                await submit(((long)p * PerProducer) + i + 1);
            }
        })));

    internal static (BatchFlowOptions<T> Options, ConcurrentQueue<BatchFailure<T>> Failures) Collecting<T>(int maxAttempts = 5)
    {
        var failures = new ConcurrentQueue<BatchFailure<T>>();
        var options = new BatchFlowOptions<T>
        {
            FlushSize = 1_000,
            LingerTime = TimeSpan.FromMilliseconds(20),
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        };
        return (options, failures);
    }
}
