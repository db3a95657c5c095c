using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace BatchFlow;

/// <summary>
/// The connections (sessions) a provider's sink keeps open between batches, at most one per concurrent write, and
/// the one rule that makes closing the sink safe while writes are still running: once <see cref="Close"/> has run,
/// a session handed back is not kept, and its caller disposes it. Opening and disposing sessions stay with the sink.
/// </summary>
/// <typeparam name="TSession">The provider's session type.</typeparam>
internal sealed class IdleSessions<TSession>
    where TSession : class
{
    // In the order they were handed back: the most recent last (taken first), the longest idle first.
    private readonly List<(TSession Session, long ReturnedAt)> _idle = [];
    private bool _closed;

    /// <summary>Whether <see cref="Close"/> has run.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Takes the most recently returned idle session, if there is one.</summary>
    public bool TryTake([MaybeNullWhen(false)] out TSession session)
    {
        lock (_idle)
        {
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

    /// <summary>Keeps <paramref name="session"/> for the next write; false once closed, and the caller must dispose it.</summary>
    public bool TryReturn(TSession session)
    {
        lock (_idle)
        {
            if (_closed)
            {
                return false;
            }

            _idle.Add((session, Stopwatch.GetTimestamp()));
            return true;
        }
    }

    /// <summary>Hands over, for the caller to dispose, the sessions that have been idle for <paramref name="idleFor"/> or longer.</summary>
    public TSession[] TakeIdleFor(TimeSpan idleFor)
    {
        lock (_idle)
        {
            var stale = 0;
            while (stale < _idle.Count && Stopwatch.GetElapsedTime(_idle[stale].ReturnedAt) >= idleFor)
            {
                stale++;
            }

            if (stale == 0)
            {
                return [];
            }

            var taken = new TSession[stale];
            for (var i = 0; i < stale; i++)
            {
                taken[i] = _idle[i].Session;
            }

            _idle.RemoveRange(0, stale);
            return taken;
        }
    }

    /// <summary>Stops keeping sessions and hands over the idle ones, for the caller to dispose.</summary>
    public TSession[] Close()
    {
        lock (_idle)
        {
            Volatile.Write(ref _closed, true);
            var idle = new TSession[_idle.Count];
            for (var i = 0; i < idle.Length; i++)
            {
                idle[i] = _idle[i].Session;
            }

            _idle.Clear();
            return idle;
        }
    }
}
