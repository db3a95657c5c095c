using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class WriteSlotTests
{
    [Fact]
    public async Task A_batch_cannot_be_started_without_a_slot_of_its_own_writer()
    {
        var settings = FlowSettings.Resolve<Item>(null, BatchSinkDefaults.Standard, "items");
        var tags = new FlowTags("items", "test", "BATCH INSERT");
        var sink = new TestSink();
        var writer = NewWriter(sink, settings, tags);
        var other = NewWriter(sink, settings, tags);
        var batch = new RowBatch<Item>(10, 0, 0);
        batch.Add(new Item(1, "a"));

        Assert.Throws<InvalidOperationException>(() => writer.Start(default, batch));
        var othersSlot = await other.AcquireSlotAsync();
        Assert.Throws<InvalidOperationException>(() => writer.Start(othersSlot, batch));

        writer.Start(await writer.AcquireSlotAsync(), batch);
        await writer.DrainAsync();
        Assert.Equal([1L], sink.Committed.Select(i => i.Id));
    }

    private static BatchWriter<Item> NewWriter(TestSink sink, FlowSettings settings, FlowTags tags)
    {
        var counters = new FlowCounters();
        var failures = new FailureReporter<Item>(null, tags, settings, counters, sink.Table);
        return new BatchWriter<Item>(sink, settings, tags, failures, counters, CancellationToken.None);
    }
}
