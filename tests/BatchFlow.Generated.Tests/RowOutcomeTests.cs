using System.Collections.Concurrent;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>
/// A sink whose batch is not atomic (<see cref="IRowOutcomeSink{T}"/>) names its failed rows: the core reports
/// those, retries only the transient ones, never re-sends an applied row and never splits a batch.
/// </summary>
public sealed class RowOutcomeTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    private (BatchFlowOptions<Item> Options, ConcurrentQueue<BatchFailure<Item>> Failures) Options(int flushSize, int maxAttempts = 5)
    {
        var failures = new ConcurrentQueue<BatchFailure<Item>>();
        var options = new BatchFlowOptions<Item>
        {
            FlushSize = flushSize,
            MaxAttempts = maxAttempts,
            TimeProvider = _time,
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        };
        return (options, failures);
    }

    private async Task RunAsync(RowOutcomeTestSink sink, BatchFlowOptions options, IEnumerable<Item> rows)
    {
        var flow = new BatchFlow<Item>(sink, options);
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row);
        }

        // The clock moves only once the reader holds every row: a linger tick before that would split the batch.
        await FakeClock.WhenReaderWaitsAsync(flow);
        await FakeClock.RunAsync(_time, flow.CompleteAsync(), TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task One_refused_row_of_1000_fails_alone_with_its_error_and_no_row_is_sent_twice()
    {
        var sink = new RowOutcomeTestSink { RowError = (row, _) => row.Id == 500 ? new PermanentTestException("WRONGTYPE row 500") : null };
        var (options, failures) = Options(flushSize: 1_000);
        using var metrics = new MetricCollector(sink.Table.Name);

        await RunAsync(sink, options, Items.Range(1, 1_000));

        // Whatever batches the reader made, each row reached the sink once: nothing was split and sent again.
        Assert.Equal(1_000, sink.Calls.Sum(call => call.Length));
        Assert.Equal(Enumerable.Range(1, 1_000).Where(i => i != 500).Select(i => (long)i), sink.Applied.Select(r => r.Id).Order());
        var failure = Assert.Single(failures);
        Assert.Equal(500, Assert.Single(failure.Rows).Id);
        Assert.Equal("WRONGTYPE row 500", failure.Exception.Message);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(999, metrics.Sum(BatchFlowTelemetry.RowsWritten));
        Assert.Equal(1, metrics.Sum(BatchFlowTelemetry.RowsFailed));
        Assert.Equal(0, metrics.Sum(BatchFlowTelemetry.Retries));
    }

    [Fact]
    public async Task Rows_that_fail_transiently_are_retried_alone_and_applied_rows_are_never_sent_again()
    {
        var sink = new RowOutcomeTestSink
        {
            RowError = (row, delivery) => row.Id % 4 == 0 && delivery == 1 ? new TransientTestException("reply lost") : null,
        };
        var (options, failures) = Options(flushSize: 20);

        await RunAsync(sink, options, Items.Range(1, 20));

        Assert.Empty(failures);
        var calls = sink.Calls.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal([4L, 8, 12, 16, 20], calls[1].Select(r => r.Id));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), sink.Applied.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Rows_that_stay_transient_are_reported_after_the_last_attempt_and_the_rest_stay_applied_once()
    {
        var sink = new RowOutcomeTestSink { RowError = (row, _) => row.Id is 3 or 9 ? new TransientTestException("LOADING") : null };
        var (options, failures) = Options(flushSize: 10, maxAttempts: 3);

        await RunAsync(sink, options, Items.Range(1, 10));

        Assert.Equal(3, sink.Calls.Count);
        Assert.All(sink.Calls.Skip(1), call => Assert.Equal([3L, 9], call.Select(r => r.Id)));
        var failure = Assert.Single(failures);
        Assert.Equal([3L, 9], failure.Rows.Select(r => r.Id));
        Assert.Equal(3, failure.Attempts);
        Assert.Equal(8, sink.Applied.Count);
        Assert.Equal(8, sink.Applied.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Permanent_failures_with_the_same_error_are_reported_together_and_different_ones_apart()
    {
        var sink = new RowOutcomeTestSink
        {
            RowError = (row, _) => row.Id switch
            {
                2 or 5 or 7 => new PermanentTestException("WRONGTYPE"),
                6 => new PermanentTestException("OOM"),
                _ => null,
            },
        };
        var (options, failures) = Options(flushSize: 10);

        await RunAsync(sink, options, Items.Range(1, 10));

        Assert.Single(sink.Calls);
        Assert.Equal(
            ["WRONGTYPE: 2,5", "OOM: 6", "WRONGTYPE: 7"],
            failures.Select(f => $"{f.Exception.Message}: {string.Join(',', f.Rows.Select(r => r.Id))}"));
    }

    [Fact]
    public async Task A_mix_reports_the_permanent_rows_at_once_and_retries_only_the_transient_ones()
    {
        var sink = new RowOutcomeTestSink
        {
            RowError = (row, delivery) => row.Id switch
            {
                1 => new PermanentTestException("KEYEXISTS"),
                2 when delivery == 1 => new TransientTestException("connection reset"),
                _ => null,
            },
        };
        var (options, failures) = Options(flushSize: 4);

        await RunAsync(sink, options, Items.Range(1, 4));

        Assert.Equal(2, sink.Calls.Count);
        Assert.Equal([2L], sink.Calls.Last().Select(r => r.Id));
        var failure = Assert.Single(failures);
        Assert.Equal((1L, 1), (Assert.Single(failure.Rows).Id, failure.Attempts));
        Assert.Equal([2L, 3, 4], sink.Applied.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_sink_that_throws_applied_nothing_so_a_transient_throw_retries_every_row_and_a_permanent_one_reports_them_unsplit()
    {
        var calls = 0;
        var transient = new RowOutcomeTestSink
        {
            OnCall = (_, _, _) => Interlocked.Increment(ref calls) == 1 ? throw new TransientTestException("no connection") : ValueTask.FromResult(true),
        };
        var (options, failures) = Options(flushSize: 8);
        await RunAsync(transient, options, Items.Range(1, 8));
        Assert.Empty(failures);
        Assert.Equal(2, transient.Calls.Count);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), transient.Applied.Select(r => r.Id).Order());

        var permanent = new RowOutcomeTestSink { OnCall = (_, _, _) => throw new PermanentTestException("bad argument") };
        var (options2, failures2) = Options(flushSize: 8);
        await RunAsync(permanent, options2, Items.Range(1, 8));
        Assert.Single(permanent.Calls);
        var failure = Assert.Single(failures2);
        Assert.Equal(8, failure.Rows.Count);
        Assert.Equal("bad argument", failure.Exception.Message);
    }

    [Fact]
    public async Task Rows_still_pending_when_the_attempt_times_out_are_retried_as_a_timeout()
    {
        var first = true;
        var sink = new RowOutcomeTestSink
        {
            // First call: rows 1-5 are applied, then the replies of 6-10 never come before the attempt's timeout.
            OnCall = async (rows, outcomes, token) =>
            {
                if (!first)
                {
                    return true;
                }

                first = false;
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException cancelled)
                {
                    for (var i = 5; i < rows.Length; i++)
                    {
                        outcomes.Fail(i, cancelled);
                    }
                }

                return false;
            },
        };
        var (options, failures) = Options(flushSize: 10);
        options.FlushTimeout = TimeSpan.FromSeconds(1);

        await RunAsync(sink, options, Items.Range(1, 10));

        Assert.Empty(failures);
        Assert.Equal([6L, 7, 8, 9, 10], sink.Calls.Last().Select(r => r.Id));
        Assert.Equal(2, sink.Calls.Count);
    }

    [Fact]
    public async Task Without_a_flow_the_sink_throws_naming_the_rows_that_failed()
    {
        IBatchSink<Item> sink = new RowOutcomeTestSink { RowError = (row, _) => row.Id == 2 ? new PermanentTestException("WRONGTYPE") : null };

        var error = await Assert.ThrowsAsync<BatchRowsFailedException>(() => sink.WriteAsync(Items.Range(1, 3).ToArray(), CancellationToken.None).AsTask());

        Assert.Equal(1, Assert.Single(error.Failures).Index);
        Assert.Contains("1 of 3 row(s)", error.Message, StringComparison.Ordinal);
        Assert.IsType<PermanentTestException>(error.InnerException);
    }

    [Fact]
    public void A_row_recorded_twice_is_refused()
    {
        var outcomes = new RowOutcomes();
        outcomes.Fail(3, new PermanentTestException("x"));

        Assert.Throws<InvalidOperationException>(() => outcomes.Fail(3, new PermanentTestException("y")));
        Assert.Equal(1, outcomes.Count);
    }
}
