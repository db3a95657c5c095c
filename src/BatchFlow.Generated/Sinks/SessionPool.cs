using System.Diagnostics.CodeAnalysis;

namespace BatchFlow.Sinks;

/// <summary>
/// The sessions (connections, with whatever a provider prepares on them) a sink keeps open between batches: at most
/// one per concurrent write is ever open, a session that saw any failure is thrown away rather than reused, and a
/// session left unused for <see cref="IdleTimeout"/> is closed, on the flow's <see cref="TimeProvider"/>, so an idle
/// flow holds no server resources. The sweep runs every half timeout, so a session is closed between one and one and
/// a half timeouts after its last use.
/// </summary>
/// <remarks>
/// <para>
/// The usual shape of a sink's write: <see cref="RentAsync"/>; do the work; <see cref="ReturnAsync"/> on success,
/// <see cref="DiscardAsync"/> on any exception (then rethrow). A retry, or the halves of a split batch, then runs on
/// a fresh session. Once the pool is disposed, a rented session handed back is closed instead of kept, so disposing
/// the sink while writes still run is safe.
/// </para>
/// <para>Thread-safe. Opening and closing are the sink's own functions; the pool never closes a session in use.</para>
/// </remarks>
/// <typeparam name="TSession">The provider's session type.</typeparam>
public sealed class SessionPool<TSession> : IAsyncDisposable
    where TSession : class
{
    /// <summary>How long a session may stay unused before it is closed, unless a sink chooses otherwise: one minute.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(1);

    private readonly Func<CancellationToken, ValueTask<TSession>> _open;
    private readonly Func<TSession, ValueTask> _close;
    private readonly Func<TSession, bool>? _isUsable;

    // In the order they were handed back: the most recent last (taken first), the longest idle first.
    private readonly List<(TSession Session, long ReturnedAt)> _idle = [];
    private TimeProvider _time = TimeProvider.System;
    private ITimer? _sweep;
    private bool _closed;
    private int _opened;

    /// <summary>Creates an empty pool; nothing is opened until the first <see cref="RentAsync"/>.</summary>
    /// <param name="open">Opens a new session; it may throw, and then nothing is kept.</param>
    /// <param name="close">Closes a session for good.</param>
    /// <param name="isUsable">Checked on an idle session before it is handed out (for example: is its connection still open); an unusable one is closed and another is taken. Null: every idle session is usable.</param>
    /// <param name="idleTimeout">How long a session may stay unused before it is closed; <see cref="Timeout.InfiniteTimeSpan"/> keeps it until the pool is disposed. Null: <see cref="DefaultIdleTimeout"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="open"/> or <paramref name="close"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="idleTimeout"/> is zero or negative but not infinite.</exception>
    public SessionPool(Func<CancellationToken, ValueTask<TSession>> open, Func<TSession, ValueTask> close, Func<TSession, bool>? isUsable = null, TimeSpan? idleTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(close);
        var timeout = idleTimeout ?? DefaultIdleTimeout;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(idleTimeout));
        }

        _open = open;
        _close = close;
        _isUsable = isUsable;
        IdleTimeout = timeout;
    }

    /// <summary>How long a session may stay unused before it is closed.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>Whether the pool has been disposed: it then opens nothing and keeps nothing.</summary>
    public bool IsDisposed => Volatile.Read(ref _closed);

    /// <summary>Sessions opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>Sessions open and unused right now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>
    /// The clock idle time is measured on: the flow's, handed to the sink by <see cref="IBatchSink{T}.Initialize"/>.
    /// Set it before the first session is handed back; <see cref="TimeProvider.System"/> until then.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _time;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_idle)
            {
                _time = value;
                _sweep?.Dispose();
                _sweep = null;
                StartSweepIfIdle();
            }
        }
    }

    /// <summary>Hands out the most recently returned usable session, or opens a new one.</summary>
    /// <param name="cancellationToken">Passed to the open function.</param>
    /// <exception cref="ObjectDisposedException">The pool has been disposed.</exception>
    public async ValueTask<TSession> RentAsync(CancellationToken cancellationToken)
    {
        while (TryTake(out var idle))
        {
            if (_isUsable is null || _isUsable(idle))
            {
                return idle;
            }

            await CloseQuietlyAsync(idle).ConfigureAwait(false);
        }

        var session = await _open(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _opened);
        return session;
    }

    /// <summary>Keeps a session whose work succeeded for the next write, or closes it when the pool is disposed.</summary>
    /// <param name="session">A session from <see cref="RentAsync"/>.</param>
    public ValueTask ReturnAsync(TSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_idle)
        {
            if (!_closed)
            {
                _idle.Add((session, _time.GetTimestamp()));
                StartSweepIfIdle();
                return default;
            }
        }

        return _close(session);
    }

    /// <summary>
    /// Closes a session that saw a failure: it may be mid-protocol or broken, so it is never reused. An exception
    /// from closing it is swallowed, so that the failure being handled is the one that propagates.
    /// </summary>
    /// <param name="session">A session from <see cref="RentAsync"/>.</param>
    public ValueTask DiscardAsync(TSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return CloseQuietlyAsync(session);
    }

    /// <summary>Closes the sessions that have been unused for <see cref="IdleTimeout"/> or longer. The pool's timer calls it; tests may too.</summary>
    /// <returns>How many sessions were closed.</returns>
    public async ValueTask<int> CloseIdleAsync()
    {
        TSession[] stale;
        lock (_idle)
        {
            var count = 0;
            while (count < _idle.Count && _time.GetElapsedTime(_idle[count].ReturnedAt) >= IdleTimeout)
            {
                count++;
            }

            stale = new TSession[count];
            for (var i = 0; i < count; i++)
            {
                stale[i] = _idle[i].Session;
            }

            _idle.RemoveRange(0, count);
            if (_idle.Count == 0)
            {
                _sweep?.Dispose();
                _sweep = null;
            }
        }

        foreach (var session in stale)
        {
            await CloseQuietlyAsync(session).ConfigureAwait(false);
        }

        return stale.Length;
    }

    /// <summary>Stops keeping sessions and closes the idle ones; a session in use is closed when it is handed back.</summary>
    public async ValueTask DisposeAsync()
    {
        TSession[] idle;
        lock (_idle)
        {
            Volatile.Write(ref _closed, true);
            _sweep?.Dispose();
            _sweep = null;
            idle = [.. _idle.Select(static entry => entry.Session)];
            _idle.Clear();
        }

        List<Exception>? errors = null;
        foreach (var session in idle)
        {
            try
            {
                await _close(session).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every session is closed; the failures are thrown together afterwards.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                (errors ??= []).Add(exception);
            }
        }

        if (errors is not null)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException("Closing the idle sessions failed.", errors);
        }
    }

    private bool TryTake([MaybeNullWhen(false)] out TSession session)
    {
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_idle.Count == 0)
            {
                session = null;
                return false;
            }

            session = _idle[^1].Session;
            _idle.RemoveAt(_idle.Count - 1);
            return true;
        }
    }

    /// <summary>Arms the sweep while sessions are idle. Call under the lock.</summary>
    private void StartSweepIfIdle()
    {
        if (_sweep is not null || _closed || _idle.Count == 0 || IdleTimeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        // Weakly: the timer must not keep alive a pool (and its sink) that was dropped without being disposed.
        var period = IdleTimeout / 2;
        _sweep = _time.CreateTimer(
            static state =>
            {
                if (((WeakReference<SessionPool<TSession>>)state!).TryGetTarget(out var pool))
                {
                    _ = pool.CloseIdleAsync().AsTask();
                }
            },
            new WeakReference<SessionPool<TSession>>(this),
            period,
            period);
    }

    private async ValueTask CloseQuietlyAsync(TSession session)
    {
        try
        {
            await _close(session).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A session that fails to close (server gone) leaves nothing to do.
        catch
#pragma warning restore CA1031
        {
        }
    }
}
