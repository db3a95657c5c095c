using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>
/// <see cref="BatchDeliveryException.Reason"/>: a caller (a relay, an outbox) can tell a row the database refused from
/// one that may be sound, for each way a confirmed row fails for good.
/// </summary>
public sealed class DeliveryFailureReasonTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    private BatchFlowOptions<Item> Options(bool isolate = true, int maxAttempts = 5) => new()
    {
        FlushSize = 4,
        TimeProvider = _time,
        MaxAttempts = maxAttempts,
        IsolateFailingRows = isolate,
        OnFailure = _ => ValueTask.CompletedTask,
    };

    private async Task<BatchDeliveryException[]> FailuresOfAsync(TestSink sink, BatchFlowOptions<Item> options)
    {
        await using var flow = new BatchFlow<Item>(sink, options);
        var waits = Items.Range(1, 4).Select(row => flow.SubmitAndWaitAsync(row).AsTask()).ToArray();
        await FakeClock.RunAsync(_time, Task.WhenAll(waits).ContinueWith(_ => { }, TaskScheduler.Default), TimeSpan.FromMilliseconds(100));
        return waits.Where(w => w.IsFaulted).Select(w => Assert.IsType<BatchDeliveryException>(w.Exception!.InnerException)).ToArray();
    }

    [Fact]
    public async Task A_row_refused_on_its_own_is_Refused_and_its_batch_mates_commit()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id == 3) ? throw new PermanentTestException("CHECK") : ValueTask.CompletedTask };
        var error = Assert.Single(await FailuresOfAsync(sink, Options()));
        Assert.Equal(BatchDeliveryFailure.Refused, error.Reason);
        Assert.Equal([1L, 2, 4], sink.Committed.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Transient_errors_past_every_retry_are_Transient()
    {
        var sink = new TestSink { OnWrite = (_, _) => throw new TransientTestException("connection reset") };
        var errors = await FailuresOfAsync(sink, Options(maxAttempts: 2));
        Assert.Equal(4, errors.Length);
        Assert.All(errors, e => Assert.Equal(BatchDeliveryFailure.Transient, e.Reason));
    }

    [Fact]
    public async Task An_error_of_the_table_is_BatchWide()
    {
        var sink = new TestSink { OnWrite = (_, _) => throw new PermanentTestException("relation does not exist"), BatchWide = e => e is PermanentTestException };
        var errors = await FailuresOfAsync(sink, Options());
        Assert.Equal(4, errors.Length);
        Assert.All(errors, e => Assert.Equal(BatchDeliveryFailure.BatchWide, e.Reason));
    }

    [Fact]
    public async Task Without_isolation_the_rows_of_a_failed_batch_are_NotIsolated_as_the_error_may_be_another_rows()
    {
        var sink = new TestSink { OnWrite = (rows, _) => rows.Any(r => r.Id == 3) ? throw new PermanentTestException("CHECK") : ValueTask.CompletedTask };
        var errors = await FailuresOfAsync(sink, Options(isolate: false));
        Assert.Equal(4, errors.Length);
        Assert.All(errors, e => Assert.Equal(BatchDeliveryFailure.NotIsolated, e.Reason));
    }
}
