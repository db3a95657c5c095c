using System.Threading.Channels;

namespace BatchFlow.Tests;

public sealed class RowBudgetTests
{
    [Fact]
    public void Taking_never_goes_past_the_capacity()
    {
        var budget = new RowBudget(10);
        Assert.Equal(7, budget.TryTake(7));
        Assert.Equal(3, budget.TryTake(7));
        Assert.Equal(0, budget.TryTake(1));
        Assert.False(budget.TryTakeOne());
        Assert.Equal(10, budget.InUse);

        budget.Return(4);
        Assert.Equal(6, budget.InUse);
        Assert.True(budget.TryTakeOne());
        Assert.Equal(7, budget.InUse);
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served_and_a_taker_does_not_overtake_them()
    {
        var budget = new RowBudget(5);
        Assert.Equal(5, budget.TryTake(5));
        var first = budget.TakeAsync(3, CancellationToken.None).AsTask();
        var second = budget.TakeAsync(1, CancellationToken.None).AsTask();
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        // One row back goes to the oldest waiter, which asked for up to 3: it takes what is free.
        budget.Return(1);
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(second.IsCompleted);

        // The second waiter is queued: a taker that does not wait must not pass it.
        Assert.False(budget.TryTakeOne());
        Assert.Equal(0, budget.TryTake(1));

        budget.Return(2);
        Assert.Equal(1, await second.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, budget.TryTake(5));
        Assert.Equal(5, budget.InUse);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_nothing_and_leaves_the_line()
    {
        var budget = new RowBudget(2);
        Assert.Equal(2, budget.TryTake(2));
        using var cts = new CancellationTokenSource();
        var cancelled = budget.TakeAsync(2, cts.Token).AsTask();
        var next = budget.TakeAsync(2, CancellationToken.None).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        budget.Return(2);
        Assert.Equal(2, await next.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, budget.InUse);
    }

    [Fact]
    public async Task Closing_fails_the_waiters_and_refuses_later_waits()
    {
        var budget = new RowBudget(1);
        Assert.True(budget.TryTakeOne());
        var waiting = budget.TakeAsync(1, CancellationToken.None).AsTask();

        budget.Close();
        await Assert.ThrowsAsync<ChannelClosedException>(() => waiting);
        await Assert.ThrowsAsync<ChannelClosedException>(() => budget.TakeAsync(1, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Many_takers_and_a_returner_never_hold_more_than_the_capacity()
    {
        const int capacity = 64;
        var budget = new RowBudget(capacity);
        var held = 0;
        var maxHeld = 0;
        var taken = 0L;
        var returns = Channel.CreateUnbounded<int>();
        var takers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var rows = budget.TryTake(7);
                if (rows == 0)
                {
                    rows = await budget.TakeAsync(7, CancellationToken.None);
                }

                var now = Interlocked.Add(ref held, rows);
                InterlockedMax(ref maxHeld, now);
                Interlocked.Add(ref taken, rows);
                returns.Writer.TryWrite(rows);
            }
        })).ToArray();
        var returner = Task.Run(async () =>
        {
            await foreach (var rows in returns.Reader.ReadAllAsync())
            {
                Interlocked.Add(ref held, -rows);
                budget.Return(rows);
            }
        });

        await Task.WhenAll(takers).WaitAsync(TimeSpan.FromSeconds(60));
        returns.Writer.Complete();
        await returner.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(maxHeld, 1, capacity);
        Assert.Equal(0, budget.InUse);
        Assert.InRange(taken, 4 * 20_000, 4 * 20_000 * 7);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
