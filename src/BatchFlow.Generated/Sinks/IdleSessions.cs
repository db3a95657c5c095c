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
    private readonly Stack<TSession> _idle = new();
    private bool _closed;

    /// <summary>Whether <see cref="Close"/> has run.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Takes the most recently returned idle session, if there is one.</summary>
    public bool TryTake([MaybeNullWhen(false)] out TSession session)
    {
        lock (_idle)
        {
            return _idle.TryPop(out session);
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

            _idle.Push(session);
            return true;
        }
    }

    /// <summary>Stops keeping sessions and hands over the idle ones, for the caller to dispose.</summary>
    public TSession[] Close()
    {
        lock (_idle)
        {
            Volatile.Write(ref _closed, true);
            TSession[] idle = [.. _idle];
            _idle.Clear();
            return idle;
        }
    }
}
