using BatchFlow.Benchmarks.Postgres;
using BatchFlow.Redis;
using BatchFlow.Redis.Relay;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using StackExchange.Redis;

namespace BatchFlow.Benchmarks.Redis;

/// <summary>A keyed user row upserted by the relays (the producers append it to the partitions with <c>ForRelay</c>).</summary>
[BatchTable("users", Conflict.Update)]
public sealed partial record RelayedUserRow([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);

/// <summary>
/// Rows per second from producers to PostgreSQL, <see cref="Rows"/> per invocation from 4 producer tasks: straight
/// through one flow (<see cref="DirectFlow"/>, the baseline), and through 6 Redis stream partitions and
/// <see cref="Relays"/> relays (<see cref="ThroughRelays"/>: producers append with a partitioned stream flow, the relays
/// read the partitions and upsert through flows of their own). An invocation ends when every row is in the table:
/// for the relays, when they have acknowledged every entry. The relays run in this process, each with its own flow and
/// connection pool, as separate relay processes would have; they share the machine's 2 cores with the servers.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class RelayThroughputBenchmarks
{
    public const int Rows = 200_000;
    private const int Producers = 4;
    private const int Partitions = 6;
    private const string Schema = "batchflow_bench_relay";

    private NpgsqlDataSource? _dataSource;
    private ConnectionMultiplexer? _redis;
    private RelayedUserRowFlow? _producer;
    private readonly List<(RedisStreamRelay<RelayedUserRow> Relay, RelayedUserRowFlow Target, Task Run)> _relays = [];
    private readonly CancellationTokenSource _stop = new();
    private RelayedUserRow[][] _slices = [];
    private long _acknowledgedBefore;
    private string _stream = "";

    /// <summary>Relays sharing the 6 partitions.</summary>
    [Params(1, 2, 3)]
    public int Relays { get; set; }

    [GlobalSetup]
    public async Task SetUp()
    {
        var builder = new NpgsqlConnectionStringBuilder(PgBench.ConnectionString) { SearchPath = Schema };
        await using (var admin = NpgsqlDataSource.Create(PgBench.ConnectionString))
        await using (var command = admin.CreateCommand($"CREATE SCHEMA IF NOT EXISTS \"{Schema}\""))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await PgBench.RecreateAsync(_dataSource, "users").ConfigureAwait(false);
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var rows = Enumerable.Range(0, Rows).Select(i => new RelayedUserRow(i, $"user {i}", i % 5 == 0 ? null : $"user{i}@example.com", created.AddSeconds(i))).ToArray();
        _slices = Enumerable.Range(0, Producers).Select(p => rows.Where(r => r.Id % Producers == p).ToArray()).ToArray();
        _redis = await ConnectionMultiplexer.ConnectAsync(RedisBench.Configuration).ConfigureAwait(false);
        _stream = $"bf-bench-relay:{Guid.NewGuid():N}";
    }

    [GlobalSetup(Target = nameof(ThroughRelays))]
    public async Task SetUpRelays()
    {
        await SetUp().ConfigureAwait(false);
        _producer = RelayedUserRowFlow.RedisStream(_redis!, _stream, new RedisStreamOptions { Partitions = Partitions, ForRelay = true });
        for (var r = 0; r < Relays; r++)
        {
            var target = RelayedUserRowFlow.Postgres(_dataSource!);
            var relay = new RedisStreamRelay<RelayedUserRow>(_redis!, _stream, target, new RedisStreamRelayOptions { Partitions = Partitions, ClaimIdleTime = TimeSpan.FromSeconds(3) });
            _relays.Add((relay, target, relay.RunAsync(_stop.Token)));
        }

        // Every relay holds its share before the first iteration.
        var share = (Partitions + Relays - 1) / Relays;
        while (_relays.Sum(r => r.Relay.GetStatistics().OwnedPartitions) < Partitions || _relays.Any(r => r.Relay.GetStatistics().OwnedPartitions > share))
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    [IterationSetup]
    public void EmptyTable()
    {
        PgBench.Truncate(_dataSource!, "users");
        _acknowledgedBefore = _relays.Sum(r => r.Relay.GetStatistics().Acknowledged);
    }

    [IterationCleanup]
    public void Check() => PgBench.CheckStored(_dataSource!, "users", Rows, _relays.Sum(r => r.Relay.GetStatistics().DeadLettered));

    /// <summary>The baseline: 4 producers into one PostgreSQL flow (the provider's defaults), completed.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public async Task DirectFlow()
    {
        await using var flow = RelayedUserRowFlow.Postgres(_dataSource!);
        await Task.WhenAll(_slices.Select(slice => Task.Run(async () =>
        {
            foreach (var row in slice)
            {
                await flow.SubmitAsync(row).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        await flow.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>4 producers into the 6 partitions; ends when the relays have acknowledged every entry.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task ThroughRelays()
    {
        await Task.WhenAll(_slices.Select(slice => Task.Run(async () =>
        {
            foreach (var row in slice)
            {
                await _producer!.SubmitAsync(row).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        await _producer!.FlushAsync().ConfigureAwait(false);
        while (_relays.Sum(r => r.Relay.GetStatistics().Acknowledged) - _acknowledgedBefore < Rows)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var (relay, target, run) in _relays)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await relay.DisposeAsync().ConfigureAwait(false);
            await target.DisposeAsync().ConfigureAwait(false);
        }

        if (_producer is not null)
        {
            await _producer.DisposeAsync().ConfigureAwait(false);
        }

        if (_redis is not null)
        {
            var db = _redis.GetDatabase();
            foreach (var key in RedisStreamPartitions.Keys(_stream, Partitions))
            {
                await db.KeyDeleteAsync(key).ConfigureAwait(false);
            }

            await _redis.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataSource is not null)
        {
            await PgBench.DropAsync(_dataSource, "users").ConfigureAwait(false);
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
