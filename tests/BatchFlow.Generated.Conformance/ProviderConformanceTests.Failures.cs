namespace BatchFlow.Conformance;

public abstract partial class ProviderConformanceTests
{
    [Fact]
    public async Task A_poison_row_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 100);

        // The store refuses row 50, and only row 50 (SQL: a null name into the NOT NULL column).
        var poisonName = await Target.PoisonRowAsync(table, 50);
        await using (var flow = Flow(table, options))
        {
            for (var id = 1; id <= 100; id++)
            {
                await flow.SubmitAsync(new PlainAccount(id, id == 50 ? poisonName! : "n" + id, id));
            }
        }

        var failure = Assert.Single(failures);
        Assert.Equal(50, Assert.Single(failure.Rows).Id);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(
            Enumerable.Range(1, 100).Where(id => id != 50).Select(id => ((long)id, "n" + id, id)),
            await AccountsAsync(table));
    }

    [SkippableFact]
    public async Task A_missing_table_is_reported_whole_after_one_write_per_batch()
    {
        Skip.IfNot(Target.HasSchema, $"{Target.Provider} has no schema: any table name is written, none is missing.");
        var table = ConformanceTarget.Missing(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 50);
        var sink = Target.CreateSink(table);
        var counting = new CountingSink<PlainAccount>(sink);
        await using (var flow = new BatchFlow<PlainAccount>(counting, options))
        {
            for (var id = 1; id <= 100; id++)
            {
                await flow.SubmitAsync(new PlainAccount(id, "n", 1));
            }

            await flow.FlushAsync();
        }

        // One write per batch: not split down to single rows, not retried.
        Assert.Equal(2, counting.Writes);

        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal(50, f.Rows.Count);
            Assert.Equal(1, f.Attempts);
            Assert.True(f.Exception is BatchSchemaException || sink.IsBatchWide(f.Exception), $"Not reported as batch-wide: {f.Exception}");
        });
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), failures.SelectMany(f => f.Rows).Select(r => r.Id).Order());
    }

    /// <summary>Counts the writes a sink is asked for, so a test can see that nothing was split.</summary>
    private sealed class CountingSink<T>(IBatchSink<T> inner) : IBatchSink<T>
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public string Provider => inner.Provider;

        public TableDescription<T> Table => inner.Table;

        public BatchSinkDefaults Defaults => inner.Defaults;

        public void Initialize(BatchSinkContext context) => inner.Initialize(context);

        public ValueTask WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteAsync(rows, cancellationToken);
        }

        public bool IsTransient(Exception exception) => inner.IsTransient(exception);

        public bool IsBatchWide(Exception exception) => inner.IsBatchWide(exception);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
