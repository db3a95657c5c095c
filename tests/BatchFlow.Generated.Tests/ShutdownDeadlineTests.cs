using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>CompleteAsync(CancellationToken): what happens to rows when the shutdown deadline passes.</summary>
public sealed class ShutdownDeadlineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "batchflow-deadletters-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Rows_not_written_by_the_deadline_reach_OnFailure_with_a_deadline_exception_and_every_row_is_counted()
    {
        var (sink, stalled) = StalledSink();
        var failures = new List<BatchFailure<Item>>();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            Capacity = 1000,
            FlushSize = 10,
            MaxConcurrentFlushes = 1,
            OnFailure = failure =>
            {
                lock (failures)
                {
                    failures.Add(failure);
                }

                return ValueTask.CompletedTask;
            },
        });
        foreach (var item in Items.Range(1, 95))
        {
            await flow.SubmitAsync(item);
        }

        await stalled.Task;
        using var deadline = new CancellationTokenSource();
        var completing = flow.CompleteAsync(deadline.Token);
        Assert.False(completing.IsCompleted, "The stalled write holds the flow until the deadline.");

        await deadline.CancelAsync();
        await completing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(failures, f => Assert.IsType<BatchFlowDeadlineException>(f.Exception));
        Assert.Equal(95, failures.Sum(f => f.Rows.Count));
        Assert.Equal(Enumerable.Range(1, 95).Select(i => (long)i), failures.SelectMany(f => f.Rows).Select(r => r.Id).Order());
        var status = flow.GetStatus();
        Assert.Equal(95, status.Accepted);
        Assert.Equal(95, status.Failed);
        Assert.Equal(0, status.Written + status.DeadLettered + status.Held);
    }

    [Fact]
    public async Task With_a_dead_letter_directory_the_rows_go_to_a_file_that_replays_into_a_flow_exactly_once()
    {
        var (sink, stalled) = StalledSink();
        var table = sink.Table;
        var logs = new CapturingLoggerFactory();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            Capacity = 1000,
            FlushSize = 10,
            MaxConcurrentFlushes = 2,
            DeadLetterDirectory = _directory,
            LoggerFactory = logs,
        });
        foreach (var item in Items.Range(1, 95).Select(i => i with { Name = i.Id == 7 ? "half an emoji \uD83D" : i.Name }))
        {
            await flow.SubmitAsync(item);
        }

        await stalled.Task;
        using var deadline = new CancellationTokenSource();
        var completing = flow.CompleteAsync(deadline.Token);
        await deadline.CancelAsync();

        // No handler, but nothing is lost: the rows are on disk, so completion does not fault.
        await completing.WaitAsync(TimeSpan.FromSeconds(30));
        var status = flow.GetStatus();
        Assert.Equal(new { Accepted = 95L, Written = 0L, Failed = 0L, DeadLettered = 95L, Held = 0L },
            new { status.Accepted, status.Written, status.Failed, status.DeadLettered, status.Held });
        var file = Assert.Single(BatchFlowDeadLetters.FindFiles(_directory, table));
        Assert.Single(logs.Messages(5));
        Assert.Contains(logs.Messages(6), m => m.Contains(file, StringComparison.Ordinal));

        var replayed = new TestSink(table);
        long submitted;
        await using (var replay = new BatchFlow<Item>(replayed))
        {
            submitted = await BatchFlowDeadLetters.ReplayAsync(replay, _directory);
            Assert.Equal(95, replay.GetStatus().Written);
        }

        Assert.Equal(95, submitted);
        Assert.Equal(Enumerable.Range(1, 95).Select(i => (long)i), replayed.Committed.Select(r => r.Id).Order());
        Assert.Equal("half an emoji \uD83D", replayed.Committed.Single(r => r.Id == 7).Name);
        Assert.Empty(BatchFlowDeadLetters.FindFiles(_directory, table));

        // A second replay finds nothing: the rows arrive once.
        await using var again = new BatchFlow<Item>(new TestSink(table));
        Assert.Equal(0, await BatchFlowDeadLetters.ReplayAsync(again, _directory));
    }

    [Fact]
    public async Task The_deadline_stops_retries_waiting_on_the_clock()
    {
        var time = FakeClock.Create();
        var sink = new TestSink { OnWrite = (_, _) => throw new TransientTestException("down") };
        var failures = new List<Exception>();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item>
        {
            FlushSize = 5,
            MaxAttempts = 1000,
            RetryBaseDelay = TimeSpan.FromMinutes(1),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
            TimeProvider = time,
            OnFailure = f =>
            {
                lock (failures)
                {
                    failures.Add(f.Exception);
                }

                return ValueTask.CompletedTask;
            },
        });
        foreach (var item in Items.Range(1, 5))
        {
            await flow.SubmitAsync(item);
        }

        using var deadline = new CancellationTokenSource();
        var completing = flow.CompleteAsync(deadline.Token);
        await WaitUntilAsync(() => sink.Calls >= 1);
        await deadline.CancelAsync();
        await completing.WaitAsync(TimeSpan.FromSeconds(30));

        var error = Assert.IsType<BatchFlowDeadlineException>(Assert.Single(failures));
        Assert.IsType<TransientTestException>(error.InnerException);
        Assert.Equal(5, flow.GetStatus().Failed);
    }

    [Fact]
    public async Task Without_a_handler_rows_abandoned_at_the_deadline_fault_completion_and_DisposeAsync_does_not_throw()
    {
        var (sink, stalled) = StalledSink();
        var logs = new CapturingLoggerFactory();
        var flow = new BatchFlow<Item>(sink, new BatchFlowOptions { FlushSize = 10, LoggerFactory = logs });
        foreach (var item in Items.Range(1, 10))
        {
            await flow.SubmitAsync(item);
        }

        await stalled.Task;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var error = await Assert.ThrowsAsync<BatchFlowException>(() => flow.CompleteAsync(deadline.Token));
        Assert.Equal(10, error.FailedRows);
        Assert.IsType<BatchFlowDeadlineException>(error.InnerException);

        await flow.DisposeAsync();
        flow.Dispose();
        Assert.Single(logs.Messages(4));
    }

    private static (TestSink Sink, TaskCompletionSource Stalled) StalledSink()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new TestSink
        {
            OnWrite = async (_, token) =>
            {
                stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            },
        };
        return (sink, stalled);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var started = DateTime.UtcNow;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "The condition did not come true within 30 s.");
            await Task.Delay(1);
        }
    }
}
