namespace BatchFlow.Benchmarks.Core;

/// <summary>Splits rows 0 .. count-1 into contiguous shares, one per producer task.</summary>
public static class ProducerTasks
{
    public static Task RunAsync(int count, int producers, Func<int, int, Task> produce)
    {
        if (producers == 1)
        {
            return produce(0, count);
        }

        var tasks = new Task[producers];
        var share = count / producers;
        for (var p = 0; p < producers; p++)
        {
            var start = p * share;
            var end = p == producers - 1 ? count : start + share;
            tasks[p] = Task.Run(() => produce(start, end));
        }

        return Task.WhenAll(tasks);
    }
}
