using BatchFlow.PostgreSql.Tests.Support;
using BatchFlow.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class ConnectionLossTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Conflict.None)]
    [InlineData(Conflict.Update)]
    public Task Backends_killed_during_a_run_are_retried_on_fresh_connections_and_no_row_is_lost_or_doubled(Conflict conflict) => conflict switch
    {
        Conflict.None => BackendsKilledAsync<Account>(conflict),
        Conflict.Update => BackendsKilledAsync<UpdateAccount>(conflict),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    private async Task BackendsKilledAsync<T>(Conflict conflict)
        where T : IAccount<T>
    {
        const int wantedKills = 3;
        const long maxRows = 3_000_000;
        await using var table = await Accounts.CreateTableAsync();
        using var metrics = new MetricCollector(table.Name);
        var log = new FailureLog<T>();
        long nextKey = 0;
        var kills = 0;
        using var stop = new CancellationTokenSource();

        var options = log.Options(flushSize: 2_000, linger: TimeSpan.FromMilliseconds(50));
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.MaxAttempts = 10;
        await using (var flow = Accounts.Flow<T>(table, options))
        {
            // The flow's connections carry the test's schema as application_name; the killer uses its own data source.
            var killer = Task.Run(async () =>
            {
                await using var admin = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
                for (var round = 0; round < 400 && kills < wantedKills; round++)
                {
                    await Task.Delay(50);
                    await using var command = admin.CreateCommand(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()");
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table.ApplicationName });
                    if ((long)(await command.ExecuteScalarAsync())! > 0)
                    {
                        kills++;

                        // Let the flow reconnect and write for a while before the next kill.
                        await Task.Delay(200);
                    }
                }

                await stop.CancelAsync();
            });

            // Producers write fresh keys until the killer is done (then a little more, so that connections killed while
            // idle are used and found dead), bounded in rows either way.
            var producers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                long after = 0;
                while (true)
                {
                    if (stop.IsCancellationRequested && ++after > 20_000)
                    {
                        return;
                    }

                    var key = Interlocked.Increment(ref nextKey);
                    if (key > maxRows)
                    {
                        Interlocked.Decrement(ref nextKey);
                        return;
                    }

                    await flow.SubmitAsync(T.New(key, "k", 1));
                }
            })).ToArray();

            await killer;
            await Task.WhenAll(producers);
        }

        // The pool may still hold idle connections that were killed; the checks below want live ones.
        table.DataSource.Clear();
        var submitted = Interlocked.Read(ref nextKey);
        output.WriteLine($"{kills} kills, {submitted} rows, {metrics.Sum(BatchFlowTelemetry.Retries)} retries, {log.Rows.Count()} rows reported");
        Assert.True(kills >= 2, $"Only {kills} kill(s) took effect while {submitted} rows were written.");
        Assert.True(metrics.Sum(BatchFlowTelemetry.Retries) > 0, "No write was retried after its connection was killed.");
        var (count, distinct, sum) = await CountAsync(table);
        Assert.Equal(submitted, count);
        Assert.Equal(submitted, distinct);
        Assert.Equal((decimal)submitted * (submitted + 1) / 2, sum);

        // A COPY whose connection dies after the server committed it but before the client heard so is retried: an
        // upsert retries harmlessly, a plain insert then meets its own rows (23505) and reports them although they
        // are stored. Nothing else may fail.
        if (conflict == Conflict.None)
        {
            Assert.All(log.Failures, f => Assert.Equal("23505", Assert.IsType<PostgresException>(f.Exception).SqlState));
        }
        else
        {
            Assert.Empty(log.Failures.Select(f => f.Exception.Message));
        }
    }

    private static async Task<(long Count, long Distinct, decimal Sum)> CountAsync(TestTable table) =>
        Assert.Single(await table.QueryAsync(
            $"SELECT count(*), count(DISTINCT id), coalesce(sum(id), 0) FROM {table.Quoted}",
            (NpgsqlDataReader r) => (r.GetInt64(0), r.GetInt64(1), r.GetDecimal(2))));
}
