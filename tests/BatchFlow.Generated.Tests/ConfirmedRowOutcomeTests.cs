using System.Collections.Concurrent;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>Confirmed submit through a sink that names its failed rows (<see cref="IRowOutcomeSink{T}"/>, e.g. Redis).</summary>
public sealed class ConfirmedRowOutcomeTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    [Fact]
    public async Task Each_confirmed_row_gets_its_own_outcome_a_transient_one_after_its_retry()
    {
        var sink = new RowOutcomeTestSink
        {
            RowError = (row, delivery) => row.Id switch
            {
                3 => new PermanentTestException("WRONGTYPE"),
                5 when delivery == 1 => new TransientTestException("reply lost"),
                _ => null,
            },
        };
        var failures = new ConcurrentQueue<BatchFailure<Item>>();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            FlushSize = 8,
            TimeProvider = _time,
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        });

        var waits = Items.Range(1, 8).Select(row => flow.SubmitAndWaitAsync(row).AsTask()).ToArray();

        // The retry of row 5 waits its backoff on the fake clock.
        await FakeClock.RunAsync(_time, Task.WhenAll(waits.Where((_, i) => i != 2)), TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<BatchDeliveryException>(() => waits[2]);
        Assert.Equal("WRONGTYPE", error.InnerException!.Message);
        Assert.Equal(3, Assert.Single(Assert.Single(failures).Rows).Id);
        Assert.Equal([5L], sink.Calls.Last().Select(r => r.Id));
        Assert.Equal(Enumerable.Range(1, 8).Where(i => i != 3).Select(i => (long)i), sink.Applied.Select(r => r.Id).Order());
        await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(50));
    }
}
