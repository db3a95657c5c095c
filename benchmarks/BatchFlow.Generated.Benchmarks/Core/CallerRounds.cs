using System.Threading.Tasks.Sources;

namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// Many concurrent callers that live as long as a benchmark process and are set to work once per invocation, so that
/// starting them costs nothing per invocation: no task, closure or delegate per caller per round, nothing the
/// MemoryDiagnoser would count against the path under test. A caller is an <c>async</c> loop the benchmark writes
/// (its state machine is allocated once, at its first wait):
/// <code>
/// while (await rounds.NextAsync(caller).ConfigureAwait(false))
/// {
///     Exception? failure = null;
///     try { /* this caller's part of the round */ } catch (Exception e) { failure = e; }
///     rounds.Done(failure);
/// }
/// </code>
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> releases the callers one after another on the calling thread, and each runs inline until its
/// first wait that does not complete at once (a row submitted and waiting for its batch, a command waiting for the
/// server): 1,000 callers means 1,000 waits outstanding together. The round completes on the thread of the caller that
/// finished last. A caller's gate is rearmed when the caller reads it, before it does its part, so the next round can
/// be released as soon as this one completed, whether or not every caller is back at its gate.
/// </remarks>
public sealed class CallerRounds : IValueTaskSource
{
    private readonly Gate[] _gates;
    private ManualResetValueTaskSourceCore<bool> _round;
    private int _remaining;
    private Exception? _failure;

    /// <param name="callers">How many callers take part in every round.</param>
    public CallerRounds(int callers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(callers, 1);
        _gates = new Gate[callers];
        for (var i = 0; i < callers; i++)
        {
            _gates[i] = new Gate();
        }
    }

    /// <summary>Callers in every round.</summary>
    public int Callers => _gates.Length;

    /// <summary>Waits for <paramref name="caller"/>'s next round: true to run it, false once <see cref="Stop"/> was called.</summary>
    public ValueTask<bool> NextAsync(int caller) => _gates[caller].WaitAsync();

    /// <summary>One caller's part of the round is over; exactly once per caller per round, with its exception if it failed.</summary>
    public void Done(Exception? failure = null)
    {
        if (failure is not null)
        {
            Interlocked.CompareExchange(ref _failure, failure, null);
        }

        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            if (_failure is { } first)
            {
                _round.SetException(first);
            }
            else
            {
                _round.SetResult(true);
            }
        }
    }

    /// <summary>Releases every caller for one round; completes when all of them called <see cref="Done"/> (faults with the first failure).</summary>
    public ValueTask RunAsync()
    {
        _round.Reset();
        var version = _round.Version;
        _failure = null;
        Volatile.Write(ref _remaining, _gates.Length);
        foreach (var gate in _gates)
        {
            gate.Release(true);
        }

        return new ValueTask(this, version);
    }

    /// <summary>Ends every caller's loop (its <see cref="NextAsync"/> returns false). Only between rounds.</summary>
    public void Stop()
    {
        foreach (var gate in _gates)
        {
            gate.Release(false);
        }
    }

    void IValueTaskSource.GetResult(short token) => _round.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _round.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _round.OnCompleted(continuation, state, token, flags);

    /// <summary>One caller's start signal: a reusable completion, rearmed when the caller reads it.</summary>
    private sealed class Gate : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core;

        public ValueTask<bool> WaitAsync() => new(this, _core.Version);

        public void Release(bool run) => _core.SetResult(run);

        public bool GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _core.Reset();
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
