using System.Diagnostics;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace BatchFlow;

/// <summary>
/// The queue's capacity counted in rows (ADR 0012): the channel itself is unbounded, and every write reserves its rows
/// here before it enqueues them; the reader gives them back as it moves them into a batch, where the bounded channel
/// freed a slot. Reserved rows never exceed the capacity, so a chunk of many rows enters only as room is made for it.
/// </summary>
/// <remarks>
/// Taking is lock-free while nobody waits (one compare-exchange). A writer that finds no room queues a waiter; waiters
/// are served first come, first served, and a taker that finds waiters queued does not overtake them. A waiter is
/// handed what is free when rows come back, up to what it asked for and at least one row. Waiters are pooled
/// (<see cref="ManualResetValueTaskSourceCore{TResult}"/>), so waiting allocates nothing in steady state.
/// The waiter count and the free count are each changed with a full fence and read after the other side's change
/// (a waiter is queued before the free count is read again; rows are returned before the waiter count is read), so a
/// return cannot miss a waiter queued at the same time.
/// </remarks>
internal sealed class RowBudget
{
    private readonly object _gate = new();
    private readonly int _capacity;
    private int _free;
    private int _waiting;
    private bool _closed;
    private Waiter? _head;
    private Waiter? _tail;
    private Waiter? _pool;

    public RowBudget(int capacity)
    {
        Debug.Assert(capacity >= 1, "A budget needs at least one row.");
        _capacity = capacity;
        _free = capacity;
    }

    /// <summary>Rows reserved and not yet given back: queued, or on their way into the queue (a snapshot).</summary>
    public int InUse => _capacity - Volatile.Read(ref _free);

    /// <summary>Takes one row of room if there is one and nobody waits for room; never waits.</summary>
    public bool TryTakeOne()
    {
        if (Volatile.Read(ref _waiting) != 0)
        {
            return false;
        }

        var free = Volatile.Read(ref _free);
        while (free > 0)
        {
            var seen = Interlocked.CompareExchange(ref _free, free - 1, free);
            if (seen == free)
            {
                return true;
            }

            free = seen;
        }

        return false;
    }

    /// <summary>Takes what is free, up to <paramref name="max"/> rows, if nobody waits for room; never waits.</summary>
    /// <returns>The rows taken: 0 when there was no room or others wait.</returns>
    public int TryTake(int max) => Volatile.Read(ref _waiting) != 0 ? 0 : TakeFree(max);

    /// <summary>
    /// Takes at least one and up to <paramref name="max"/> rows, waiting in line for room when there is none. Throws a
    /// <see cref="ChannelClosedException"/> once the budget is closed and an <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> is cancelled first (then nothing was taken).
    /// </summary>
    public ValueTask<int> TakeAsync(int max, CancellationToken cancellationToken)
    {
        Debug.Assert(max >= 1, "Take at least one row.");
        Waiter waiter;
        lock (_gate)
        {
            if (_closed)
            {
                return ValueTask.FromException<int>(new ChannelClosedException());
            }

            if (_head is null)
            {
                var taken = TakeFree(max);
                if (taken > 0)
                {
                    return new ValueTask<int>(taken);
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<int>(cancellationToken);
            }

            waiter = _pool ?? new Waiter(this);
            _pool = waiter.Next;
            waiter.Next = null;
            waiter.Max = max;
            Enqueue(waiter);

            // Rows returned before the waiter was counted did not look for it: serve it from them now.
            GrantLocked();
        }

        // Registered outside the lock: a token cancelled meanwhile runs the callback at once, and it takes the lock.
        // The caller awaits the task only after this returns, so the registration is set before GetResult disposes it.
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        }

        return new ValueTask<int>(waiter, waiter.Version);
    }

    /// <summary>Gives back <paramref name="rows"/> rows of room and hands them to waiters, oldest first.</summary>
    public void Return(int rows)
    {
        Debug.Assert(rows >= 0, "Return a count of rows.");
        Interlocked.Add(ref _free, rows);
        Debug.Assert(Volatile.Read(ref _free) <= _capacity, "More rows returned than taken.");
        if (Volatile.Read(ref _waiting) != 0)
        {
            lock (_gate)
            {
                GrantLocked();
            }
        }
    }

    /// <summary>Refuses every later wait and fails the waiters queued now with a <see cref="ChannelClosedException"/>.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            while (_head is { } waiter)
            {
                Dequeue(waiter);
                waiter.Fail(new ChannelClosedException());
            }
        }
    }

    private int TakeFree(int max)
    {
        var free = Volatile.Read(ref _free);
        while (free > 0)
        {
            var take = Math.Min(free, max);
            var seen = Interlocked.CompareExchange(ref _free, free - take, free);
            if (seen == free)
            {
                return take;
            }

            free = seen;
        }

        return 0;
    }

    private void GrantLocked()
    {
        while (_head is { } waiter)
        {
            var taken = TakeFree(waiter.Max);
            if (taken == 0)
            {
                return;
            }

            Dequeue(waiter);
            waiter.Succeed(taken);
        }
    }

    private void Enqueue(Waiter waiter)
    {
        waiter.Queued = true;
        waiter.Prev = _tail;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        Interlocked.Increment(ref _waiting);
    }

    private void Dequeue(Waiter waiter)
    {
        Debug.Assert(waiter.Queued, "Only a queued waiter leaves the queue.");
        if (waiter.Prev is null)
        {
            _head = waiter.Next;
        }
        else
        {
            waiter.Prev.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _tail = waiter.Prev;
        }
        else
        {
            waiter.Next.Prev = waiter.Prev;
        }

        waiter.Next = null;
        waiter.Prev = null;
        waiter.Queued = false;
        Interlocked.Decrement(ref _waiting);
    }

    private void Recycle(Waiter waiter)
    {
        lock (_gate)
        {
            waiter.Next = _pool;
            _pool = waiter;
        }
    }

    /// <summary>One wait for room; reused once its result has been read.</summary>
    private sealed class Waiter : IValueTaskSource<int>
    {
        private readonly RowBudget _owner;
        private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = true };

        public Waiter(RowBudget owner) => _owner = owner;

        public Waiter? Next { get; set; }

        public Waiter? Prev { get; set; }

        public bool Queued { get; set; }

        public int Max { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public short Version => _core.Version;

        public void Succeed(int rows) => _core.SetResult(rows);

        public void Fail(Exception error) => _core.SetException(error);

        public void Cancel(CancellationToken token)
        {
            lock (_owner._gate)
            {
                // Served or closed first: the rows (or the error) stand.
                if (!Queued)
                {
                    return;
                }

                _owner.Dequeue(this);
                _core.SetException(new OperationCanceledException(token));
            }
        }

        public int GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                // Dispose waits for a cancellation callback under way, so none can touch the waiter once it is reused.
                Registration.Dispose();
                Registration = default;
                _core.Reset();
                _owner.Recycle(this);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
