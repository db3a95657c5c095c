using System.Collections.Concurrent;

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
        Assert.Equal(new KeyStatistics(total, total, total * (total + 1) / 2), await Target.KeyStatisticsAsync(table, "id"));
    }

    [Fact]
    public Task DisposeAsync_under_load_stores_or_reports_every_accepted_row_with_Conflict_None() => DisposeUnderLoadAsync<PlainAccount>();

    [Fact]
    public Task DisposeAsync_under_load_stores_or_reports_every_accepted_row_with_Conflict_Update() => DisposeUnderLoadAsync<UpdateAccount>();

    /// <summary>
    /// Four producers submit until the flow refuses them, and the flow is disposed while they do: every row whose
    /// submit returned is stored or reported, and the rows reported are exactly the accepted ones of the poison rows
    /// (<see cref="ConformanceTarget.PoisonRowAsync"/>: every 1,000th id).
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
        var acceptedPoison = new ConcurrentQueue<long>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var producers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var id = Interlocked.Increment(ref nextId);
                var poison = id % 1_000 == 0;
                var name = poison ? await Target.PoisonRowAsync(table, id) : "load";
                try
                {
                    await flow.SubmitAsync(T.New(id, name!, 1));
                }
                catch (BatchFlowCompletedException)
                {
                    return;
                }

                if (poison)
                {
                    acceptedPoison.Enqueue(id);
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
        Assert.Equal(acceptedPoison.Order(), reported.Select(r => r.Id).Order());
        Assert.Equal(Interlocked.Read(ref accepted), await Target.CountAsync(table) + reported.Count);
    }
}
