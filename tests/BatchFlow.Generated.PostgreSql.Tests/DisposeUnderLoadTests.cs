using BatchFlow.PostgreSql.Tests.Support;

namespace BatchFlow.PostgreSql.Tests;

[Collection(AccountsCollection.Name)]
public sealed class DisposeUnderLoadTests
{
    [Theory]
    [InlineData(Conflict.None)]
    [InlineData(Conflict.Update)]
    public Task DisposeAsync_under_load_returns_only_after_every_accepted_row_is_committed_or_reported(Conflict conflict) => conflict switch
    {
        Conflict.None => DisposeUnderLoadAsync<Account>(),
        Conflict.Update => DisposeUnderLoadAsync<UpdateAccount>(),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };

    private static async Task DisposeUnderLoadAsync<T>()
        where T : IAccount<T>
    {
        await using var table = await Accounts.CreateTableAsync(Accounts.Columns + ", CHECK (score <> 13)");
        var log = new FailureLog<T>();
        long nextKey = 0;
        long accepted = 0;
        var flow = Accounts.Flow<T>(table, log.Options(flushSize: 5_000, linger: TimeSpan.FromMilliseconds(100), maxConcurrentFlushes: 2));
        using var started = new SemaphoreSlim(0);

        // Producers submit until the flow refuses them; every row whose SubmitAsync returned counts as accepted.
        // Every 1,000th row violates the CHECK constraint and must be reported, not lost.
        var producers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            started.Release();
            for (var i = 0; i < 2_000_000; i++)
            {
                var key = Interlocked.Increment(ref nextKey);
                try
                {
                    await flow.SubmitAsync(T.New(key, "d", key % 1_000 == 0 ? 13 : 1));
                }
                catch (BatchFlowCompletedException)
                {
                    return;
                }

                Interlocked.Increment(ref accepted);
            }
        })).ToArray();

        for (var i = 0; i < producers.Length; i++)
        {
            await started.WaitAsync();
        }

        // Let the queue fill and writes get going (bounded: a broken producer must not hang the test), then dispose
        // while producers are still submitting.
        for (var waited = 0; Interlocked.Read(ref accepted) < 50_000 && waited < 6_000 && !producers.Any(p => p.IsFaulted); waited++)
        {
            await Task.Delay(10);
        }

        await flow.DisposeAsync();
        var (stored, _, _) = await LoadTests.CountAsync(table);
        await Task.WhenAll(producers);

        var reported = log.Rows.Count();
        Assert.True(Interlocked.Read(ref accepted) >= 50_000);
        Assert.Equal(Interlocked.Read(ref accepted), stored + reported);
        Assert.True(reported > 0, "The constraint-violating rows were neither stored nor reported.");
        Assert.All(log.Rows, r => Assert.Equal(13, r.Score));
        Assert.True(flow.Completion.IsCompletedSuccessfully);
    }
}
