namespace BatchFlow.Tests.Support;

public static class QueueFiller
{
    /// <summary>
    /// Submits rows with <c>TrySubmit</c> until the flow refuses one even after its reader has had time to move
    /// rows out of the queue; returns how many were accepted. Bounded, so a flow that never fills fails the test.
    /// </summary>
    public static async Task<int> FillAsync(BatchFlow<Item> flow, Func<int, Item> row, int limit = 10_000)
    {
        var accepted = 0;
        while (accepted < limit)
        {
            if (!flow.TrySubmit(row(accepted)))
            {
                await Task.Delay(20);
                if (!flow.TrySubmit(row(accepted)))
                {
                    return accepted;
                }
            }

            accepted++;
        }

        throw new InvalidOperationException($"The flow accepted {limit} rows without ever refusing one.");
    }
}
