using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;

namespace BatchFlow.Conformance;

public abstract partial class ProviderConformanceTests
{
    /// <summary>
    /// A fragment of each provider's own error for the two rows the confirmed tests make it refuse: a key it stores
    /// already under <see cref="Conflict.None"/>, and the suite's poison row (<see cref="ConformanceTarget.PoisonRowAsync"/>).
    /// A new provider adds its line here. Redis refuses its poison (a list at the row's key) with KEYEXISTS, not
    /// WRONGTYPE: under <see cref="Conflict.None"/> the hash script finds the key taken before any hash command runs.
    /// </summary>
    private static readonly Dictionary<string, (string DuplicateKey, string Poison)> s_refusals = new()
    {
        ["sqlite"] = ("UNIQUE constraint failed", "NOT NULL constraint failed"),
        ["postgresql"] = ("duplicate key value violates unique constraint", "violates not-null constraint"),
        ["mysql"] = ("Duplicate entry", "cannot be null"),
        ["redis"] = ("KEYEXISTS", "KEYEXISTS"),
    };

    [Fact]
    public async Task A_confirmed_submit_returns_once_its_row_is_committed_and_readable_through_another_connection()
    {
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 2);
        await using var flow = Flow(table, options);

        // Alone, the row's batch is not full and its linger time is an hour away: nothing may confirm it yet.
        var first = flow.SubmitAndWaitAsync(new PlainAccount(1, "a", 10)).AsTask();
        Assert.Equal(1, flow.GetStatus().Accepted);
        Assert.False(first.IsCompleted, "The confirmed submit completed before its row's batch was written.");
        Assert.Equal(0, await Target.CountAsync(table));

        // The second row fills the batch; each call returns after the commit, with no flush or completion in between.
        await flow.SubmitAndWaitAsync(new PlainAccount(2, "b", 20)).AsTask().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal([(1L, "a", 10), (2L, "b", 20)], await AccountsAsync(table));
        await first.WaitAsync(TimeSpan.FromMinutes(2));

        // Two callers at once share the next batch.
        await Task.WhenAll(flow.SubmitAndWaitAsync(new PlainAccount(3, "c", 30)).AsTask(), flow.SubmitAndWaitAsync(new PlainAccount(4, "d", 40)).AsTask())
            .WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal([(1L, "a", 10), (2L, "b", 20), (3L, "c", 30), (4L, "d", 40)], await AccountsAsync(table));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_confirmed_row_repeating_a_stored_key_with_Conflict_None_throws_the_stores_error_and_the_50_good_rows_of_its_batch_commit()
    {
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 51);
        await using var flow = Flow(table, options);
        var stored = flow.SubmitAndWaitAsync(new PlainAccount(26, "stored", 0)).AsTask();
        await flow.FlushAsync();
        await stored;

        await RefusedAmongGoodRowsAsync(table, flow, failures, new PlainAccount(26, "again", 26), s_refusals[Target.Provider].DuplicateKey);
        Assert.Contains((26L, "stored", 0), await AccountsAsync(table));
    }

    [Fact]
    public async Task A_confirmed_poison_row_throws_the_stores_error_and_the_50_good_rows_of_its_batch_commit()
    {
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 51);
        await using var flow = Flow(table, options);
        var poisonName = await Target.PoisonRowAsync(table, 26);

        await RefusedAmongGoodRowsAsync(table, flow, failures, new PlainAccount(26, poisonName!, 26), s_refusals[Target.Provider].Poison);
    }

    [Fact]
    public async Task A_thousand_concurrent_confirmed_submits_all_complete_and_share_their_batches()
    {
        const int count = 1_000;
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 1_000);
        await using var flow = Flow(table, options);
        using var batches = new BatchSizes(flow.TableName);

        var waits = Enumerable.Range(1, count)
            .Select(id => Task.Run(async () => await flow.SubmitAndWaitAsync(new PlainAccount(id, "c", id))))
            .ToArray();
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Empty(failures);
        Assert.Equal(new KeyStatistics(count, count, (long)count * (count + 1) / 2), await Target.KeyStatisticsAsync(table, "id"));

        // The linger time is an hour, so only a full batch starts a write: the callers cannot have been served by more
        // than count / FlushSize = 1 batch, and the 100 the contract allows is a bound no per-row commit comes near.
        var sizes = batches.Values;
        Assert.Equal(count, sizes.Sum());
        Assert.InRange(sizes.Count, 1, 100);
        Assert.Equal([count], sizes);
    }

    /// <summary>
    /// Submits <paramref name="refused"/> (id 26) and the 50 good rows 1…51 around it, each with its own confirmed
    /// submit from its own task, into one batch (FlushSize 51, an hour's linger): the refused call throws a
    /// <see cref="BatchDeliveryException"/> carrying the store's own error, the failure handler sees that row alone,
    /// and every good call returns with its row readable.
    /// </summary>
    private async Task RefusedAmongGoodRowsAsync(
        TableDescription<PlainAccount> table,
        BatchFlow<PlainAccount> flow,
        ConcurrentQueue<BatchFailure<PlainAccount>> failures,
        PlainAccount refused,
        string errorFragment)
    {
        var rows = Enumerable.Range(1, 51).Select(id => id == refused.Id ? refused : new PlainAccount(id, "n" + id, id)).ToArray();
        var waits = rows.Select(row => Task.Run(async () => await flow.SubmitAndWaitAsync(row))).ToArray();
        var bad = Array.IndexOf(rows, refused);

        var delivery = await Assert.ThrowsAsync<BatchDeliveryException>(() => waits[bad].WaitAsync(TimeSpan.FromMinutes(2)));
        await Task.WhenAll(waits.Where((_, i) => i != bad)).WaitAsync(TimeSpan.FromMinutes(2));

        var failure = Assert.Single(failures);
        Assert.Equal(refused, Assert.Single(failure.Rows));
        Assert.Equal(flow.TableName, delivery.TableName);
        Assert.Equal(Target.Provider, delivery.ProviderName);
        Assert.Equal(failure.Attempts, delivery.Attempts);

        // The store's own exception, as the failure handler got it, naming what it refused.
        var error = Assert.IsAssignableFrom<Exception>(delivery.InnerException);
        if (Target is SqlConformanceTarget)
        {
            Assert.IsAssignableFrom<DbException>(error);
        }

        Assert.Equal(failure.Exception.GetType(), error.GetType());
        Assert.Equal(failure.Exception.Message, error.Message);
        Assert.Contains(errorFragment, error.Message, StringComparison.Ordinal);

        // Every good row is stored, and the refused one is not.
        var accounts = await AccountsAsync(table);
        Assert.Equal(rows.Where(r => r != refused).Select(r => (r.Id, r.Name, r.Score)), accounts.Where(a => a.Item1 != refused.Id));
        Assert.DoesNotContain((refused.Id, refused.Name, refused.Score), accounts);
    }

    /// <summary>The sizes of the batches one table's flow handed to its sink (<see cref="BatchFlowTelemetry.BatchSize"/>).</summary>
    private sealed class BatchSizes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<int> _values = new();

        public BatchSizes(string table)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == BatchFlowTelemetry.Name && instrument.Name == BatchFlowTelemetry.BatchSize)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == BatchFlowTelemetry.CollectionTag && Equals(tag.Value, table))
                    {
                        _values.Enqueue(value);
                    }
                }
            });
            _listener.Start();
        }

        public List<int> Values => [.. _values];

        public void Dispose() => _listener.Dispose();
    }
}
