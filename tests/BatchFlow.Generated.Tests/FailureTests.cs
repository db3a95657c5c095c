using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task A_poison_row_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var sink = new TestSink
        {
            OnWrite = (rows, _) => rows.Any(r => r.Id == 42) ? throw new PermanentTestException("CHECK constraint failed: id <> 42") : ValueTask.CompletedTask,
        };
        var failures = new List<BatchFailure<Item>>();
        var options = new BatchFlowOptions<Item> { FlushSize = 100, OnFailure = f => { lock (failures) { failures.Add(f); } return ValueTask.CompletedTask; } };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 100))
            {
                await flow.SubmitAsync(item);
            }
        }

        var failure = Assert.Single(failures);
        var row = Assert.Single(failure.Rows);
        Assert.Equal(new Item(42, "item 42"), row);
        Assert.IsType<PermanentTestException>(failure.Exception);
        Assert.Equal(sink.Table.Name, failure.Table);
        Assert.Equal("test", failure.Provider);
        Assert.Equal(Enumerable.Range(1, 100).Where(i => i != 42).Select(i => (long)i), sink.Committed.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task With_isolation_off_the_whole_failing_batch_is_reported()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id == 2) ? throw new PermanentTestException("no") : ValueTask.CompletedTask };
        var failed = new List<long>();
        var options = new BatchFlowOptions<Item>
        {
            FlushSize = 4,
            IsolateFailingRows = false,
            OnFailure = f => { lock (failed) { failed.AddRange(f.Rows.Select(r => r.Id)); } return ValueTask.CompletedTask; },
        };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 4))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal([1L, 2L, 3L, 4L], failed.Order());
        Assert.Empty(sink.Committed);
    }

    [Fact]
    public async Task A_failure_handler_that_throws_does_not_stop_the_flow_and_completion_counts_its_rows_as_not_taken()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id % 10 == 0) ? throw new PermanentTestException("bad") : ValueTask.CompletedTask };
        using var metrics = new MetricCollector(sink.Table.Name);
        var handled = 0;
        var options = new BatchFlowOptions<Item>
        {
            FlushSize = 5,
            OnFailure = _ =>
            {
                Interlocked.Increment(ref handled);
                throw new InvalidOperationException("handler bug");
            },
        };
        var flow = new BatchFlow<Item>(sink, options);
        foreach (var item in Items.Range(1, 50))
        {
            await flow.SubmitAsync(item);
            if (item.Id == 25)
            {
                await flow.FlushAsync();
            }
        }

        var error = await Assert.ThrowsAsync<BatchFlowException>(() => flow.CompleteAsync());
        Assert.Equal(5, handled);
        Assert.Equal(45, sink.Committed.Count());
        Assert.Equal(5, metrics.Sum(BatchFlowTelemetry.HandlerErrors));
        Assert.Equal((5, 5), (error.FailedRows, error.HandlerFailedRows));
        Assert.Contains("5 row(s) could not be written", error.Message, StringComparison.Ordinal);
        Assert.Contains("the failure handler threw", error.Message, StringComparison.Ordinal);
        Assert.Equal("handler bug", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
    }

    [Fact]
    public async Task Without_a_handler_completion_reports_how_many_rows_were_lost()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id == 3) ? throw new PermanentTestException("constraint") : ValueTask.CompletedTask };
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 10 });
        foreach (var item in Items.Range(1, 10))
        {
            await flow.SubmitAsync(item);
        }

        var error = await Assert.ThrowsAsync<BatchFlowException>(() => flow.CompleteAsync());
        Assert.Equal(1, error.FailedRows);
        Assert.Contains("1 row(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnFailure", error.Message, StringComparison.Ordinal);
        Assert.IsType<PermanentTestException>(error.InnerException);
        Assert.Equal(9, sink.Committed.Count());
    }

    [Fact]
    public async Task A_sink_throwing_synchronously_is_handled_like_any_failure()
    {
        var sink = new ThrowingSink();
        var failed = 0;
        var options = new BatchFlowOptions<Item> { FlushSize = 2, OnFailure = f => { Interlocked.Add(ref failed, f.Rows.Count); return ValueTask.CompletedTask; } };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 6))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal(6, failed);
    }

    [Fact]
    public async Task A_schema_error_reports_the_whole_batch_after_one_write_instead_of_splitting_it()
    {
        // Even a sink that would call everything transient does not get a schema error retried.
        var sink = new TestSink { OnWrite = (_, _) => throw new BatchSchemaException("table \"items\" was not found"), Transient = _ => true };
        var failures = new List<BatchFailure<Item>>();
        var options = new BatchFlowOptions<Item> { FlushSize = 64, LingerTime = TimeSpan.FromHours(1), OnFailure = f => { lock (failures) { failures.Add(f); } return ValueTask.CompletedTask; } };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 64))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal(1, sink.Calls);
        var failure = Assert.Single(failures);
        Assert.Equal(64, failure.Rows.Count);
        Assert.Equal(1, failure.Attempts);
        Assert.IsType<BatchSchemaException>(failure.Exception);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 127)]
    public async Task A_sink_decides_which_of_its_errors_are_batch_wide(bool batchWide, int expectedWrites)
    {
        // 64 rows that all fail: split down to single rows, that is 1 + 2 + 4 + ... + 64 = 127 writes.
        var sink = new TestSink
        {
            OnWrite = (_, _) => throw new PermanentTestException("no such table: items"),
            BatchWide = e => batchWide && e.Message.StartsWith("no such table", StringComparison.Ordinal),
        };
        var failed = 0;
        var options = new BatchFlowOptions<Item> { FlushSize = 64, LingerTime = TimeSpan.FromHours(1), OnFailure = f => { Interlocked.Add(ref failed, f.Rows.Count); return ValueTask.CompletedTask; } };
        await using (var flow = new BatchFlow<Item>(sink, options))
        {
            foreach (var item in Items.Range(1, 64))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal(expectedWrites, sink.Calls);
        Assert.Equal(64, failed);
    }

    [Fact]
    public async Task Lost_rows_are_not_hidden_by_a_sink_that_fails_to_close()
    {
        var sink = new CloseFailingSink(failRowId: 2);
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 4 });
        foreach (var item in Items.Range(1, 4))
        {
            await flow.SubmitAsync(item);
        }

        var error = await Assert.ThrowsAsync<AggregateException>(() => flow.CompleteAsync());
        Assert.Contains(sink.Table.Name, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.Equal(1, Assert.IsType<BatchFlowException>(error.InnerExceptions[0]).FailedRows);
        Assert.Same(sink.CloseError, error.InnerExceptions[1]);
    }

    [Fact]
    public async Task A_sink_that_fails_to_close_faults_completion_with_its_own_exception()
    {
        var sink = new CloseFailingSink(failRowId: null);
        var flow = new BatchFlow<Item>(sink);
        await flow.SubmitAsync(new Item(1, "a"));

        var error = await Assert.ThrowsAsync<IOException>(() => flow.CompleteAsync());
        Assert.Same(sink.CloseError, error);
    }

    private sealed class CloseFailingSink(long? failRowId) : IBatchSink<Item>
    {
        public IOException CloseError { get; } = new("socket closed while closing");

        public string Provider => "close-failing";

        public TableDescription<Item> Table { get; } = Items.Table();

        public ValueTask WriteAsync(ReadOnlyMemory<Item> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows.Span)
            {
                if (row.Id == failRowId)
                {
                    throw new PermanentTestException($"row {row.Id} is bad");
                }
            }

            return ValueTask.CompletedTask;
        }

        public bool IsTransient(Exception exception) => false;

        public ValueTask DisposeAsync() => ValueTask.FromException(CloseError);
    }

    private sealed class ThrowingSink : IBatchSink<Item>
    {
        public string Provider => "throwing";

        public TableDescription<Item> Table { get; } = Items.Table();

        public ValueTask WriteAsync(ReadOnlyMemory<Item> rows, CancellationToken cancellationToken) =>
            throw new NotSupportedException("sink bug");

        public bool IsTransient(Exception exception) => false;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
