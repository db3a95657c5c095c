using BatchFlow.Sinks;
using BatchFlow.Tests.Support;

namespace BatchFlow.Tests.Sinks;

public sealed class SessionPoolTests
{
    private readonly List<Session> _opened = [];

    [Fact]
    public async Task A_returned_session_is_reused_the_most_recent_first()
    {
        await using var pool = Pool();
        var a = await pool.RentAsync(default);
        var b = await pool.RentAsync(default);
        await pool.ReturnAsync(a);
        await pool.ReturnAsync(b);

        Assert.Same(b, await pool.RentAsync(default));
        Assert.Same(a, await pool.RentAsync(default));
        Assert.Equal(2, pool.Opened);
    }

    [Fact]
    public async Task A_discarded_session_is_closed_and_the_next_rent_opens_a_new_one()
    {
        await using var pool = Pool();
        var failed = await pool.RentAsync(default);
        await pool.DiscardAsync(failed);

        var next = await pool.RentAsync(default);
        Assert.NotSame(failed, next);
        Assert.True(failed.Closed);
        Assert.Equal(2, pool.Opened);
    }

    [Fact]
    public async Task Discarding_swallows_an_error_from_closing_so_the_original_failure_propagates()
    {
        await using var pool = new SessionPool<Session>(_ => ValueTask.FromResult(new Session()), _ => throw new InvalidOperationException("close failed"));
        var session = await pool.RentAsync(default);

        await pool.DiscardAsync(session);
    }

    [Fact]
    public async Task An_idle_session_that_is_no_longer_usable_is_closed_instead_of_handed_out()
    {
        await using var pool = new SessionPool<Session>(Open, Close, isUsable: s => !s.Broken);
        var session = await pool.RentAsync(default);
        await pool.ReturnAsync(session);
        session.Broken = true;

        var next = await pool.RentAsync(default);
        Assert.NotSame(session, next);
        Assert.True(session.Closed);
    }

    [Fact]
    public async Task Sessions_idle_for_the_timeout_are_closed_on_the_flows_clock_and_recent_ones_kept()
    {
        var time = FakeClock.Create();
        await using var pool = Pool(TimeSpan.FromMinutes(1));
        pool.TimeProvider = time;
        var old = await pool.RentAsync(default);
        var recent = await pool.RentAsync(default);
        await pool.ReturnAsync(old);
        time.Advance(TimeSpan.FromSeconds(40));
        await pool.ReturnAsync(recent);

        // The sweep runs every half timeout: at 60 s of fake time, old has been idle 60 s, recent 20 s.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(old.Closed);
        Assert.False(recent.Closed);
        Assert.Equal(1, pool.IdleCount);

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(recent.Closed);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task Without_an_idle_timeout_sessions_stay_until_the_pool_is_disposed()
    {
        var time = FakeClock.Create();
        var pool = Pool(Timeout.InfiniteTimeSpan);
        pool.TimeProvider = time;
        var session = await pool.RentAsync(default);
        await pool.ReturnAsync(session);
        time.Advance(TimeSpan.FromDays(1));
        Assert.False(session.Closed);

        await pool.DisposeAsync();
        Assert.True(session.Closed);
    }

    [Fact]
    public async Task After_dispose_idle_sessions_are_closed_a_returned_one_is_closed_and_renting_throws()
    {
        var pool = Pool();
        var idle = await pool.RentAsync(default);
        var inUse = await pool.RentAsync(default);
        await pool.ReturnAsync(idle);

        await pool.DisposeAsync();
        Assert.True(idle.Closed);
        Assert.False(inUse.Closed);

        await pool.ReturnAsync(inUse);
        Assert.True(inUse.Closed);
        Assert.True(pool.IsDisposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync(default).AsTask());
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => new SessionPool<Session>(null!, Close));
        Assert.Throws<ArgumentNullException>(() => new SessionPool<Session>(Open, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionPool<Session>(Open, Close, idleTimeout: TimeSpan.Zero));
    }

    private SessionPool<Session> Pool(TimeSpan? idleTimeout = null) => new(Open, Close, idleTimeout: idleTimeout);

    private ValueTask<Session> Open(CancellationToken cancellationToken)
    {
        var session = new Session();
        lock (_opened)
        {
            _opened.Add(session);
        }

        return ValueTask.FromResult(session);
    }

    private static ValueTask Close(Session session)
    {
        session.Closed = true;
        return ValueTask.CompletedTask;
    }

    public sealed class Session
    {
        public bool Closed { get; set; }

        public bool Broken { get; set; }
    }
}
