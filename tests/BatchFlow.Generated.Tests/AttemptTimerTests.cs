using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

/// <summary>The reused per-attempt timeout: each attempt gets the full timeout on the flow's clock, and only its own.</summary>
public sealed class AttemptTimerTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = FakeClock.Create();

    [Fact]
    public void Each_attempt_of_a_reused_timer_gets_the_whole_timeout_and_a_timed_out_one_leaves_the_next_untouched()
    {
        using var timer = new AttemptTimer(TimeSpan.FromSeconds(10), _time);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var token = timer.Start(CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(9));
            Assert.False(token.IsCancellationRequested);
            timer.End();
            Assert.False(timer.IsCancellationRequested);
        }

        var stalled = timer.Start(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(stalled.IsCancellationRequested);
        timer.End();
        Assert.True(timer.IsCancellationRequested, "An ended attempt still says it was cancelled, for its classification.");

        var next = timer.Start(CancellationToken.None);
        Assert.False(next.IsCancellationRequested);
        Assert.False(timer.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(next.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(next.IsCancellationRequested);
        timer.End();
    }

    [Fact]
    public void The_shutdown_deadline_cancels_the_running_attempt_and_no_later_one_until_it_starts()
    {
        using var timer = new AttemptTimer(Timeout.InfiniteTimeSpan, _time);
        using var deadline = new CancellationTokenSource();

        var running = timer.Start(deadline.Token);
        deadline.Cancel();
        Assert.True(running.IsCancellationRequested);
        timer.End();

        var ended = timer.Start(CancellationToken.None);
        Assert.False(ended.IsCancellationRequested);
        timer.End();
    }

    [Fact]
    public void A_tick_after_its_attempt_ended_does_not_cancel_the_next_attempt_early()
    {
        using var timer = new AttemptTimer(TimeSpan.FromSeconds(10), _time);
        timer.Start(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        timer.End();

        var next = timer.Start(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(next.IsCancellationRequested, "11 s after the first start, but 6 s into this attempt.");
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(next.IsCancellationRequested);
        timer.End();
    }
}
