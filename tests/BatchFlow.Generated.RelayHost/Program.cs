using System.Globalization;
using System.Runtime.InteropServices;
using BatchFlow;
using BatchFlow.Redis;
using BatchFlow.Redis.Relay;
using BatchFlow.RelayHost;
using Npgsql;
using StackExchange.Redis;

// produce <redis> <stream> <partitions> <producer> <producers> <keys> <poison>
//   Writes versions 1 then 2 of every key k < keys with k % producers == producer, through a partitioned stream flow
//   with delivery-confirmed submits from 256 workers; producer 0 also writes <poison> rows (ids keys.., score -1).
//   Prints "confirmed <worker> <n>" when a worker's first n keys have both versions confirmed, then "done".
// relay <redis> <stream> <partitions> <postgres> <consumer>
//   Relays the stream into soak_accounts until SIGTERM; prints "written <n> acknowledged <n> dead <n> owned <n>" each second.
var invariant = CultureInfo.InvariantCulture;
switch (args.FirstOrDefault())
{
    case "produce":
        return await ProduceAsync(args[1], args[2], int.Parse(args[3], invariant), int.Parse(args[4], invariant), int.Parse(args[5], invariant), int.Parse(args[6], invariant), int.Parse(args[7], invariant));
    case "relay":
        return await RelayAsync(args[1], args[2], int.Parse(args[3], invariant), args[4], args[5]);
    default:
        await Console.Error.WriteLineAsync("usage: produce <redis> <stream> <partitions> <producer> <producers> <keys> <poison> | relay <redis> <stream> <partitions> <postgres> <consumer>");
        return 2;
}

static async Task<int> ProduceAsync(string redisConfiguration, string stream, int partitions, int producer, int producers, int keys, int poison)
{
    // Confirmed submits from many workers; a batch is sent as soon as every worker has a row in it.
    const int Workers = 256;
    using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
    await using var flow = SoakAccountFlow.RedisStream(redis, stream, new RedisStreamOptions { Partitions = partitions, ForRelay = true },
        new BatchFlowOptions { FlushSize = Workers, LingerTime = TimeSpan.FromMilliseconds(5) });
    var output = new object();
    var mine = Enumerable.Range(0, keys).Where(k => k % producers == producer).Select(k => (long)k).ToArray();
    var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
    {
        var done = 0;
        for (var i = w; i < mine.Length; i += Workers)
        {
            await flow.SubmitAndWaitAsync(new SoakAccount(mine[i], 1, 1));
            await flow.SubmitAndWaitAsync(new SoakAccount(mine[i], 2, 2));
            if (++done % 50 == 0)
            {
                lock (output)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"confirmed {w} {done}"));
                }
            }
        }

        lock (output)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"confirmed {w} {done}"));
        }
    })).ToArray();
    await Task.WhenAll(workers);
    if (producer == 0)
    {
        for (var p = 0; p < poison; p++)
        {
            await flow.SubmitAndWaitAsync(new SoakAccount(keys + p, 1, -1));
        }
    }

    await flow.CompleteAsync();
    Console.WriteLine("done");
    return 0;
}

static async Task<int> RelayAsync(string redisConfiguration, string stream, int partitions, string postgres, string consumer)
{
    using var stop = new CancellationTokenSource();
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });
    using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
    await using var dataSource = NpgsqlDataSource.Create(postgres);
    await using var target = SoakAccountFlow.Postgres(dataSource);
    await using var relay = new RedisStreamRelay<SoakAccount>(redis, stream, target, new RedisStreamRelayOptions
    {
        Partitions = partitions,
        ConsumerName = consumer,
        ClaimIdleTime = TimeSpan.FromSeconds(3),
    });
    var run = relay.RunAsync(stop.Token);
    while (!run.IsCompleted)
    {
        await Task.WhenAny(run, Task.Delay(1000));
        var s = relay.GetStatistics();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written {s.Written} acknowledged {s.Acknowledged} dead {s.DeadLettered} claimed {s.Claimed} owned {s.OwnedPartitions}"));
    }

    try
    {
        await run;
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
    }

    Console.WriteLine("stopped");
    return 0;
}
