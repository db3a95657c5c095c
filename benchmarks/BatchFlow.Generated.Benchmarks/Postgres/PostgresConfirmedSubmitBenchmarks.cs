using System.Diagnostics;
using BatchFlow.Benchmarks.Core;
using BatchFlow.Benchmarks.Rows;
using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.Benchmarks.Postgres;

/// <summary>
/// <see cref="Requests"/> concurrent requests, each inserting one row into PostgreSQL and awaiting its own commit, two
/// ways: through a generated flow's <c>SubmitAndWaitAsync</c> (group commit: the requests' rows share a batch, one
/// binary COPY, one commit), and the raw alternative, <see cref="RawInsert"/>: each request awaits one
/// <c>INSERT … VALUES ($1, $2, $3, $4)</c> on the pooled <see cref="NpgsqlDataSource"/>, on a pooled connection of its
/// own, in autocommit. One invocation is one wave of <see cref="Requests"/> requests, all in flight together; figures
/// are per row, and the <c>Latency p50</c> / <c>Latency p99</c> columns (<see cref="RequestLatencyColumn"/>) give each
/// request's time from its call to the end of its await.
/// </summary>
/// <remarks>
/// The table is the one <see cref="PgBench.RecreateAsync"/> creates (<c>id bigint primary key, name text, email text,
/// created_at timestamp</c>), in a schema of this suite's own, emptied before every iteration; after it, the row count
/// must be exactly <see cref="Requests"/> and no row may have failed. The requests are long-lived loops
/// (<see cref="CallerRounds"/>), so neither path pays for starting 1,000 tasks per wave, and the latencies go into a
/// preallocated array: what the MemoryDiagnoser counts is the path's own. The flow's batch size is
/// <see cref="Requests"/>, so a wave's rows fill one batch and no request waits for the linger; the other settings are
/// the provider's defaults. The pool is capped at <see cref="PoolSize"/> connections, under the server's 100 (minus
/// those reserved for superusers): the raw path's 1,000 requests queue for them in the pool.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
[Config(typeof(RequestLatencyConfig))]
public class PostgresConfirmedSubmitBenchmarks
{
    /// <summary>Requests in flight together: one wave, one row each, per invocation.</summary>
    public const int Requests = 1_000;

    /// <summary>Maximum Pool Size of the data source both paths use.</summary>
    public const int PoolSize = 90;

    private const string Schema = "batchflow_bench_confirmed";
    private const string InsertSql = "INSERT INTO \"users\" (\"id\", \"name\", \"email\", \"created_at\") VALUES ($1, $2, $3, $4)";

    private readonly RequestLatencies _latencies = new(Requests);
    private NpgsqlDataSource? _dataSource;
    private UserRow[] _rows = [];
    private UserRowFlow? _flow;
    private CallerRounds? _rounds;
    private Task[] _requests = [];
    private long _failedRows;

    [GlobalSetup(Target = nameof(RawInsert))]
    public async Task SetUpRaw()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        StartRequests(RawRequestAsync);
    }

    [GlobalSetup(Target = nameof(GeneratedFlowConfirmed))]
    public async Task SetUpFlow()
    {
        await SetUpDatabaseAsync().ConfigureAwait(false);
        _flow = UserRowFlow.Postgres(_dataSource!, new BatchFlowOptions<UserRow> { FlushSize = Requests, OnFailure = CountFailures });
        StartRequests(FlowRequestAsync);
    }

    [IterationSetup]
    public void EmptyTable() => PgBench.Truncate(_dataSource!, "users");

    [IterationCleanup]
    public void CheckRows()
    {
        PgBench.CheckStored(_dataSource!, "users", Requests, Interlocked.Read(ref _failedRows));
        _latencies.Report();
    }

    /// <summary>The raw alternative: every request awaits its own autocommitted single-row INSERT.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public async Task RawInsert() => await _rounds!.RunAsync().ConfigureAwait(false);

    /// <summary>Every request awaits <c>SubmitAndWaitAsync</c>: its row is in the table when the await returns.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public async Task GeneratedFlowConfirmed() => await _rounds!.RunAsync().ConfigureAwait(false);

    [GlobalCleanup]
    public async Task CleanUp()
    {
        _rounds?.Stop();
        await Task.WhenAll(_requests).ConfigureAwait(false);
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        if (_dataSource is not null)
        {
            await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE"))
            {
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One request per round: <paramref name="request"/>'s row through the flow, confirmed.</summary>
    private async Task FlowRequestAsync(int request)
    {
        var rounds = _rounds!;
        var flow = _flow!;
        var row = _rows[request];
        while (await rounds.NextAsync(request).ConfigureAwait(false))
        {
            Exception? failure = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await flow.SubmitAndWaitAsync(row).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The round reports the first failure to the benchmark, which rethrows it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            _latencies.Record(request, started);
            rounds.Done(failure);
        }
    }

    /// <summary>One request per round: <paramref name="request"/>'s row in one INSERT, typed parameters, autocommit.</summary>
    private async Task RawRequestAsync(int request)
    {
        var rounds = _rounds!;
        var dataSource = _dataSource!;
        var row = _rows[request];
        while (await rounds.NextAsync(request).ConfigureAwait(false))
        {
            Exception? failure = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var command = dataSource.CreateCommand(InsertSql);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Id });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Name });
                command.Parameters.Add(row.Email is { } email
                    ? new NpgsqlParameter<string> { TypedValue = email }
                    : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.Timestamp, TypedValue = row.CreatedAt });
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The round reports the first failure to the benchmark, which rethrows it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            _latencies.Record(request, started);
            rounds.Done(failure);
        }
    }

    private void StartRequests(Func<int, Task> request)
    {
        _rounds = new CallerRounds(Requests);
        _requests = new Task[Requests];
        for (var i = 0; i < Requests; i++)
        {
            // Each loop runs inline to its first wait (its gate) and stays there until the first round.
            _requests[i] = request(i);
        }
    }

    private ValueTask CountFailures(BatchFailure<UserRow> failure)
    {
        Interlocked.Add(ref _failedRows, failure.Rows.Count);
        return ValueTask.CompletedTask;
    }

    private async Task SetUpDatabaseAsync()
    {
        // PgBench's rows (DateTimeKind.Unspecified, for the timestamp column) as the generated flow's UserRow.
        _rows = Array.ConvertAll(PgBench.Rows(1, Requests, "confirmed"), row => new UserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PgBench.ConnectionString)
        {
            SearchPath = Schema,
            MaxPoolSize = PoolSize,
        }.ConnectionString);
        await using (var create = _dataSource.CreateCommand($"CREATE SCHEMA IF NOT EXISTS \"{Schema}\""))
        {
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await PgBench.RecreateAsync(_dataSource, "users").ConfigureAwait(false);
    }
}
