using System.Diagnostics;

namespace BatchFlow.Benchmarks.Latency;

/// <summary>
/// Offers rows to a flow at a fixed rate, whatever the flow does (an open loop: a slow commit does not slow the offer,
/// so it cannot hide its own delay), each with <c>SubmitAndWaitAsync</c>, and records each row's time from the moment
/// it was due to the moment its commit was confirmed to the caller. Timing from the due time, not the call, counts a
/// pacer that fell behind against the flow, as a request that waited would.
/// </summary>
internal sealed class OpenLoopRun<T>(BatchFlow<T> flow, T[] rows, double rowsPerSecond, TimeSpan warmUp)
{
    private readonly long[] _latencies = new long[rows.Length];
    private readonly long[] _due = new long[rows.Length];
    private long _pending;
    private long _failed;
    private string? _firstError;

    /// <summary>Rows whose commit failed (the run is then not a measurement).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The first failure's message, if any.</summary>
    public string? FirstError => _firstError;

    /// <summary>Offers every row, waits for every confirmation, and returns the latencies (in Stopwatch ticks) of the rows due after the warm-up.</summary>
    public async Task<long[]> RunAsync()
    {
        var started = Stopwatch.GetTimestamp();
        _pending = rows.Length;
        var pacer = new Thread(() => Offer(started)) { IsBackground = true, Name = "open-loop pacer", Priority = ThreadPriority.AboveNormal };
        pacer.Start();
        while (!pacer.Join(0))
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        while (Interlocked.Read(ref _pending) > 0)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        var measuredFrom = started + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var kept = new List<long>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            if (_due[i] >= measuredFrom)
            {
                kept.Add(_latencies[i]);
            }
        }

        return [.. kept];
    }

    // The pacer: wakes about every millisecond and offers every row that has come due since, each with its own due time.
    private void Offer(long started)
    {
        var ticksPerRow = Stopwatch.Frequency / rowsPerSecond;
        var next = 0;
        while (next < rows.Length)
        {
            var due = (long)((Stopwatch.GetTimestamp() - started) / ticksPerRow) + 1;
            for (; next < rows.Length && next < due; next++)
            {
                var dueAt = started + (long)(next * ticksPerRow);
                _due[next] = dueAt;
                Track(flow.SubmitAndWaitAsync(rows[next]), next, dueAt);
            }

            Thread.Sleep(1);
        }
    }

    private void Track(ValueTask confirmed, int row, long dueAt)
    {
        if (confirmed.IsCompleted)
        {
            Complete(confirmed, row, dueAt);
            return;
        }

        _ = AwaitAsync(confirmed, row, dueAt);
    }

    private async Task AwaitAsync(ValueTask confirmed, int row, long dueAt)
    {
        try
        {
            await confirmed.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(exception);
        }

        Confirmed(row, dueAt);
    }

    private void Complete(ValueTask confirmed, int row, long dueAt)
    {
        try
        {
            confirmed.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            Fail(exception);
        }

        Confirmed(row, dueAt);
    }

    // Called once per row, when its confirmation (or failure) reached the caller.
    private void Confirmed(int row, long dueAt)
    {
        _latencies[row] = Stopwatch.GetTimestamp() - dueAt;
        Interlocked.Decrement(ref _pending);
    }

    private void Fail(Exception exception)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, exception.Message, null);
    }
}
