using System.Diagnostics;

namespace BatchFlow.Tests.Support;

public static class QueueFiller
{
    /// <summary>
    /// With the flow's sink stalled, submits rows with <c>TrySubmit</c> until exactly <paramref name="holds"/> are
    /// accepted: all the flow can hold (its queue, the batch waiting for a write slot, the batches being written).
    /// A refused row is tried again after a short wait, because the reader may not yet have moved rows out of the
    /// queue; no fixed wait decides when the flow is full. Then checks that the flow refuses one row more.
    /// </summary>
    /// <returns>How many times <c>TrySubmit</c> refused a row, the last check included.</returns>
    public static async Task<int> FillAsync(BatchFlow<Item> flow, Func<int, Item> row, int holds)
    {
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        var refused = 0;
        while (accepted < holds)
        {
            if (flow.TrySubmit(row(accepted)))
            {
                accepted++;
                continue;
            }

            refused++;

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"The flow took {accepted} rows and then refused every row for 30 s; it should hold {holds}.");
            }

            await Task.Delay(5);
        }

        Assert.False(flow.TrySubmit(row(accepted)), $"The flow took more than the {holds} rows it can hold while its sink is stalled.");
        return refused + 1;
    }
}
