using System.Buffers;
using System.Globalization;

namespace BatchFlow.Redis;

/// <summary>
/// One batch's pipelined commands: the reply task of each row sent (StackExchange.Redis writes them back to back on the
/// connection, so a batch costs about one round trip), awaited together, and each row's outcome recorded.
/// </summary>
internal sealed class RedisPipeline : IDisposable
{
    private readonly Task?[] _replies;
    private readonly int _count;

    public RedisPipeline(int rows)
    {
        _count = rows;
        _replies = ArrayPool<Task?>.Shared.Rent(rows);
        Array.Clear(_replies, 0, rows);
    }

    /// <summary>Rows whose command was sent.</summary>
    public int Sent { get; private set; }

    /// <summary>Whether some reply had not come when the attempt was cancelled (its buffers may still be read: keep them).</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Records the reply task of row <paramref name="index"/>.</summary>
    public void Add(int index, Task reply)
    {
        _replies[index] = reply;
        Sent++;
    }

    /// <summary>
    /// Records as failed, with an <see cref="OperationCanceledException"/>, every row from <paramref name="start"/> on
    /// that has not been sent or refused: the attempt was cancelled before they were sent.
    /// </summary>
    public static void FailUnsent(RowOutcomes outcomes, int start, int count, CancellationToken cancellationToken)
    {
        for (var i = start; i < count; i++)
        {
            outcomes.Fail(i, new OperationCanceledException("The attempt was cancelled before the row was sent.", cancellationToken));
        }
    }

    /// <summary>
    /// Waits for every reply, or until <paramref name="cancellationToken"/> is cancelled, then names in
    /// <paramref name="outcomes"/> each row whose command failed (the server's or the connection's error) and each row
    /// whose reply had not come (an <see cref="OperationCanceledException"/>: its outcome is unknown, so the core
    /// retries it). A reply still pending is observed, never left to fault unobserved.
    /// </summary>
    public async ValueTask CompleteAsync(RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_replies[i] is not { IsCompleted: false } reply)
            {
                continue;
            }

            try
            {
                await reply.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The row's own error is read from its task below; this loop only waits.
            catch
#pragma warning restore CA1031
            {
            }
        }

        for (var i = 0; i < _count; i++)
        {
            switch (_replies[i])
            {
                case null or { IsCompletedSuccessfully: true }:
                    break;
                case { IsFaulted: true } faulted:
                    outcomes.Fail(i, Unwrap(faulted.Exception!));
                    break;
                case { IsCanceled: true }:
                    outcomes.Fail(i, new OperationCanceledException("The row's command was cancelled."));
                    break;
                case var pending:
                    Abandoned = true;
                    outcomes.Fail(i, new OperationCanceledException(string.Create(CultureInfo.InvariantCulture,
                        $"The attempt was cancelled before the reply of row {i} came; whether it was applied is unknown."), cancellationToken));
                    _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    break;
            }
        }
    }

    public void Dispose()
    {
        Array.Clear(_replies, 0, _count);
        ArrayPool<Task?>.Shared.Return(_replies);
    }

    private static Exception Unwrap(AggregateException aggregate) =>
        aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate;
}
