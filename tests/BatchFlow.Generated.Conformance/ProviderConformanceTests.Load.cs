namespace BatchFlow.Conformance;

public abstract partial class ProviderConformanceTests
{
    [Fact]
    public async Task Eight_producers_of_100_000_rows_each_are_stored_exactly_once()
    {
        const int producers = 8, perProducer = 100_000;
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 5_000, linger: TimeSpan.FromMilliseconds(100));
        await using (var flow = Flow(table, options))
        {
            await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    var id = ((long)p * perProducer) + i + 1;
                    await flow.SubmitAsync(new PlainAccount(id, "p" + p, i));
                }
            })));
        }

        Assert.Empty(failures);
        var total = (long)producers * perProducer;
        var stats = Assert.Single(await Target.QueryAsync(
            $"SELECT COUNT(*), COUNT(DISTINCT {Target.Quote("id")}), SUM({Target.Quote("id")}) FROM {Target.Quote(table.Name)}",
            r => (Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)))));
        Assert.Equal((total, total, total * (total + 1) / 2), stats);
    }

    [Fact]
    public Task DisposeAsync_under_load_stores_or_reports_every_accepted_row_with_Conflict_None() => DisposeUnderLoadAsync<PlainAccount>();

    [Fact]
    public Task DisposeAsync_under_load_stores_or_reports_every_accepted_row_with_Conflict_Update() => DisposeUnderLoadAsync<UpdateAccount>();

    /// <summary>
    /// Four producers submit until the flow refuses them, and the flow is disposed while they do: every row whose
    /// submit returned is stored or reported (every 1,000th has a null name, which the NOT NULL column refuses).
    /// </summary>
    private async Task DisposeUnderLoadAsync<T>()
        where T : IAccountRow<T>
    {
        var table = await Target.CreateTableAsync(T.Table);
        var (options, failures) = Collecting<T>(flushSize: 1_000, linger: TimeSpan.FromMilliseconds(50));
        options.Capacity = 20_000;
        options.MaxConcurrentFlushes = 2;
        var flow = Flow(table, options);
        long accepted = 0, nextId = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var producers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var id = Interlocked.Increment(ref nextId);
                try
                {
                    await flow.SubmitAsync(T.New(id, id % 1_000 == 0 ? null! : "load", 1));
                }
                catch (BatchFlowCompletedException)
                {
                    return;
                }

                if (Interlocked.Increment(ref accepted) == 30_000)
                {
                    enough.TrySetResult();
                }
            }
        })).ToArray();

        // Dispose while the producers are still submitting and batches are in flight.
        await enough.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await flow.DisposeAsync();
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromMinutes(1));

        var reported = failures.SelectMany(f => f.Rows).ToList();
        Assert.True(Interlocked.Read(ref accepted) >= 30_000);
        Assert.NotEmpty(reported);
        Assert.All(reported, r => Assert.Null(r.Name));
        Assert.Equal(Interlocked.Read(ref accepted), await Target.CountAsync(table) + reported.Count);
    }
}
