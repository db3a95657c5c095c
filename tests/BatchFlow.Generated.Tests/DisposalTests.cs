using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>Disposal never throws (framework design guidelines): failures surface through Completion, logs and metrics.</summary>
public sealed class DisposalTests
{
    [Fact]
    public async Task DisposeAsync_and_Dispose_do_not_throw_when_rows_were_lost_but_Completion_says_so()
    {
        var sink = new TestSink { OnWrite = (_, _) => throw new PermanentTestException("no") };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 2 });
        await flow.SubmitAsync(new Item(1, "a"));

        await flow.DisposeAsync();
        flow.Dispose();

        var error = await Assert.ThrowsAsync<BatchFlowException>(() => flow.Completion);
        Assert.Equal(1, error.FailedRows);
        Assert.Equal(new BatchFlowStatus { Accepted = 1, Failed = 1, Capacity = 10_000, IsCompleting = true, LastError = null }, flow.GetStatus() with { LastError = null });
    }

    [Fact]
    public async Task A_synchronous_Dispose_writes_every_accepted_row_first()
    {
        var sink = new TestSink();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 1000, LingerTime = TimeSpan.FromHours(1) });
        foreach (var item in Items.Range(1, 250))
        {
            await flow.SubmitAsync(item);
        }

        flow.Dispose();

        Assert.True(flow.Completion.IsCompletedSuccessfully);
        Assert.Equal(250, sink.Committed.Count());
        Assert.True(sink.Disposed);
        var status = flow.GetStatus();
        Assert.Equal((250L, 250L, 0L), (status.Accepted, status.Written, status.Held));
    }

    [Fact]
    public async Task Status_counts_collapsed_duplicates_apart_so_that_the_counts_add_up()
    {
        var sink = new TestSink(Items.Table(Conflict.Update));
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 10 });
        foreach (var item in Items.Range(1, 5).Concat(Items.Range(1, 5)))
        {
            await flow.SubmitAsync(item);
        }

        await flow.DisposeAsync();
        var status = flow.GetStatus();
        Assert.Equal((10L, 5L, 5L), (status.Accepted, status.Written, status.Deduplicated));
    }
}
