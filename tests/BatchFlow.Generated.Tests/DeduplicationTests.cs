using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class DeduplicationTests
{
    [Theory]
    [InlineData(Conflict.Ignore, "first")]
    [InlineData(Conflict.Update, "last")]
    [InlineData(Conflict.Replace, "last")]
    public async Task Duplicate_keys_inside_a_batch_follow_the_conflict_mode_and_are_counted(Conflict conflict, string winner)
    {
        var sink = new TestSink(Items.Table(conflict));
        using var metrics = new MetricCollector(sink.Table.Name);
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 6 }))
        {
            foreach (var item in new[] { new Item(1, "first"), new Item(2, "only"), new Item(1, "middle"), new Item(3, "only"), new Item(1, "last"), new Item(2, "only") })
            {
                await flow.SubmitAsync(item);
            }
        }

        var batch = Assert.Single(sink.Batches);
        Assert.Equal(3, batch.Length);
        Assert.Equal(winner, batch.Single(i => i.Id == 1).Name);
        Assert.Equal(3, metrics.Sum(BatchFlowTelemetry.RowsDeduplicated));
        Assert.Equal(3, metrics.Sum(BatchFlowTelemetry.RowsWritten));
        Assert.Equal(6, metrics.Sum(BatchFlowTelemetry.RowsSubmitted));
    }

    [Fact]
    public async Task Conflict_None_keeps_every_row_so_the_database_reports_the_duplicate()
    {
        var sink = new TestSink(Items.Table(Conflict.None));
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 3 }))
        {
            foreach (var item in new[] { new Item(1, "a"), new Item(1, "b"), new Item(2, "c") })
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal(3, sink.Committed.Count());
    }

    [Fact]
    public async Task Collapsing_keeps_submission_order_of_the_survivors()
    {
        var sink = new TestSink(Items.Table(Conflict.Update));
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 5 }))
        {
            foreach (var item in new[] { new Item(5, "a"), new Item(4, "a"), new Item(5, "b"), new Item(3, "a"), new Item(2, "a") })
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal([4L, 5L, 3L, 2L], Assert.Single(sink.Batches).Select(i => i.Id));
    }
}
