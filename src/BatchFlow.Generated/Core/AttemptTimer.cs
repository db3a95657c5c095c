namespace BatchFlow;

/// <summary>
/// The timeout of one write attempt (<see cref="FlowSettings.FlushTimeout"/>) on the flow's clock, reused from attempt
/// to attempt so that an attempt allocates no timer and no token source: its token is cancelled when the attempt
/// outlives the timeout or when the shutdown deadline passes, whichever comes first.
/// </summary>
/// <remarks>
/// A tick that arrives early (timers and the timestamp clock differ by a few milliseconds) re-arms the timer for what
/// is left; a tick that arrives after its attempt has ended finds the timer disarmed, or the next attempt not yet due,
/// and does nothing. Cancelling and resetting happen under one lock, so a late tick never cancels a reset source.
/// </remarks>
internal sealed class AttemptTimer : IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ITimer? _timer;
    private CancellationTokenSource _source = new();
    private CancellationTokenRegistration _deadlineLink;
    private long _startedAt;
    private bool _armed;
    private bool _endedCancelled;

    public AttemptTimer(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = time.CreateTimer(static state => ((AttemptTimer)state!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Whether the running (or last ended) attempt's token was cancelled, by the timeout or the deadline.</summary>
    public bool IsCancellationRequested => _endedCancelled || _source.IsCancellationRequested;

    /// <summary>Starts an attempt; returns its token.</summary>
    /// <param name="deadline">The shutdown deadline, which also cancels the attempt.</param>
    public CancellationToken Start(CancellationToken deadline)
    {
        lock (_gate)
        {
            _armed = true;
            _endedCancelled = false;
            _startedAt = _time.GetTimestamp();
        }

        _timer?.Change(_timeout, Timeout.InfiniteTimeSpan);
        _deadlineLink = deadline.UnsafeRegister(static state => ((AttemptTimer)state!).Cancel(), this);
        return _source.Token;
    }

    /// <summary>Ends the attempt: disarms the timer and readies the token for the next attempt.</summary>
    public void End()
    {
        _deadlineLink.Dispose();
        _deadlineLink = default;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            _armed = false;
            _endedCancelled = _source.IsCancellationRequested;
            if (!_source.TryReset())
            {
                // Cancelled: a source cannot be reset then, so the next attempt gets a new one.
                _source.Dispose();
                _source = new CancellationTokenSource();
            }
        }
    }

    /// <summary>Frees the timer and the token source once the flow has no more writes to make.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _armed = false;
            _source.Dispose();
        }
    }

    private void OnTick()
    {
        lock (_gate)
        {
            if (!_armed)
            {
                return;
            }

            var left = _timeout - _time.GetElapsedTime(_startedAt);
            if (left > TimeSpan.Zero)
            {
                _timer!.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }

            _source.Cancel();
        }
    }

    private void Cancel()
    {
        lock (_gate)
        {
            if (_armed)
            {
                _source.Cancel();
            }
        }
    }
}
