using System.Diagnostics;

namespace BatchFlow;

/// <summary>
/// The write path of a sink whose batch is not atomic (<see cref="IRowOutcomeSink{T}"/>): the sink says which rows
/// failed, so nothing is split. Rows that failed for good are reported with their own errors, rows whose failure is
/// transient (or whose outcome is unknown) are retried alone, and rows that were applied are never sent again.
/// </summary>
internal sealed partial class BatchWriter<T>
{
    /// <summary>Writes the rows through <paramref name="sink"/>; returns null when every row was applied, else the first error that kept a row out.</summary>
    /// <param name="sink">The sink.</param>
    /// <param name="rows">The batch; rows to retry are moved to its front between attempts.</param>
    /// <param name="receipts">The batch's receipts, or null; they move with their rows.</param>
    /// <param name="timeout">The batch's attempt timer.</param>
    private async Task<Exception?> WriteRowByRowAsync(IRowOutcomeSink<T> sink, Memory<T> rows, RowReceipt?[]? receipts, AttemptTimer timeout)
    {
        var outcomes = new RowOutcomes();
        Exception? firstLost = null;
        for (var attempt = 1; ; attempt++)
        {
            outcomes.Clear();
            var token = timeout.Start(_deadline);
            var started = Stopwatch.GetTimestamp();
            Exception? thrown = null;
            try
            {
                await sink.WriteAsync(rows, outcomes, token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever a sink throws is classified, retried or reported: it must not escape.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                // A sink throws only when it applied nothing: every row failed the same way.
                thrown = exception;
            }
            finally
            {
                timeout.End();
            }

            var failed = Failed(outcomes, thrown, rows.Length, timeout);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (failed.Count == 0)
            {
                _instruments.OperationDurations.Record(elapsed, _tags.OperationSuccess);
                _counters.AttemptSucceeded();
                AddWritten(rows.Length);
                return firstLost;
            }

            _instruments.OperationDurations.Record(elapsed, _tags.OperationError(failed[0].Error));
            AddWritten(rows.Length - failed.Count);
            var retry = Partition(rows.Span, ReceiptsOf(receipts, rows), failed, out var permanent);
            foreach (var group in permanent)
            {
                var told = FailReceipts(group.Receipts, group.Error, attempt, group.Reason);
                await _failures.ReportAsync(group.Rows, group.Error, attempt, told).ConfigureAwait(false);
                firstLost ??= group.Error;
            }

            // Row errors (a bad value) say nothing about the store's health; transient and batch-wide ones do.
            var health = failed.Find(static f => f.Transient || f.Reason == BatchDeliveryFailure.BatchWide);
            if (health.Error is null)
            {
                _counters.AttemptSucceeded();
            }
            else
            {
                _counters.AttemptFailed(health.Error);
            }

            if (retry.Count == 0)
            {
                return firstLost;
            }

            var reason = retry.Error!;
            rows = rows[..retry.Count];
            if (_deadline.IsCancellationRequested)
            {
                return await AbandonAsync(receipts, rows, DeadlineError(rows.Length, reason), attempt).ConfigureAwait(false);
            }

            if (attempt >= _settings.MaxAttempts)
            {
                await ReportAsync(receipts, rows, reason, attempt, BatchDeliveryFailure.Transient).ConfigureAwait(false);
                return firstLost ?? reason;
            }

            if (!await BackOffAsync(reason, rows.Length, attempt).ConfigureAwait(false))
            {
                return await AbandonAsync(receipts, rows, DeadlineError(rows.Length, reason), attempt).ConfigureAwait(false);
            }
        }
    }

    private void AddWritten(int rows)
    {
        if (rows > 0)
        {
            _counters.AddWritten(rows);
            _instruments.Written.Add(rows, _tags.Common);
        }
    }

    /// <summary>The rows of an attempt that were not applied, in index order, each with its classified error.</summary>
    private List<ClassifiedFailure> Failed(RowOutcomes outcomes, Exception? thrown, int rows, AttemptTimer timeout)
    {
        if (thrown is not null)
        {
            var (failure, transient) = Classify(thrown, timeout, rows);
            var batchWide = !transient && IsBatchWide(failure);
            // One exception for the whole attempt names no row: only a batch of one row is known to be refused itself.
            var reason = batchWide ? BatchDeliveryFailure.BatchWide : rows == 1 ? BatchDeliveryFailure.Refused : BatchDeliveryFailure.NotIsolated;
            var all = new List<ClassifiedFailure>(rows);
            for (var i = 0; i < rows; i++)
            {
                all.Add(new ClassifiedFailure(i, failure, transient, reason));
            }

            return all;
        }

        var recorded = outcomes.Failures;
        var failed = new List<ClassifiedFailure>(recorded.Count);
        foreach (var (index, error) in recorded)
        {
            if (index >= rows)
            {
                throw new InvalidOperationException($"The sink recorded row {index} as failed in a batch of {rows} row(s).");
            }

            var (failure, transient) = Classify(error, timeout, 1);
            var reason = !transient && IsBatchWide(failure) ? BatchDeliveryFailure.BatchWide : BatchDeliveryFailure.Refused;
            failed.Add(new ClassifiedFailure(index, failure, transient, reason));
        }

        return failed;
    }

    /// <summary>The receipts beside <paramref name="rows"/> (a slice of the batch from its start), or an empty span.</summary>
    private static Span<RowReceipt?> ReceiptsOf(RowReceipt?[]? receipts, Memory<T> rows) =>
        receipts is null ? default : receipts.AsSpan(OffsetInBatch(rows), rows.Length);

    /// <summary>
    /// Splits the failed rows: those that failed for good, grouped into runs that share an error's type and message,
    /// are copied out into <paramref name="permanent"/> (with their receipts, whose slots are cleared); those to retry
    /// are moved to the front of <paramref name="rows"/>, in order. Receipts are swapped rather than copied, so the
    /// receipts of applied rows stay in the batch, behind the rows to retry, until the batch settles them.
    /// </summary>
    private static RetrySet Partition(Span<T> rows, Span<RowReceipt?> receipts, List<ClassifiedFailure> failed, out List<PermanentFailure> permanent)
    {
        permanent = [];
        var run = new List<T>();
        List<RowReceipt>? runReceipts = null;
        Exception? runError = null;
        var runReason = BatchDeliveryFailure.Refused;
        foreach (var failure in failed)
        {
            if (failure.Transient)
            {
                continue;
            }

            if (run.Count > 0 && (!SameError(runError!, failure.Error) || runReason != failure.Reason))
            {
                permanent.Add(new PermanentFailure(run.ToArray(), runError!, runReason, runReceipts));
                run.Clear();
                runReceipts = null;
            }

            if (run.Count == 0)
            {
                runError = failure.Error;
                runReason = failure.Reason;
            }

            run.Add(rows[failure.Index]);
            if (!receipts.IsEmpty && receipts[failure.Index] is { } receipt)
            {
                receipts[failure.Index] = null;
                (runReceipts ??= []).Add(receipt);
            }
        }

        if (run.Count > 0)
        {
            permanent.Add(new PermanentFailure(run.ToArray(), runError!, runReason, runReceipts));
        }

        var kept = 0;
        Exception? retryError = null;
        foreach (var failure in failed)
        {
            if (failure.Transient)
            {
                retryError ??= failure.Error;
                if (!receipts.IsEmpty)
                {
                    (receipts[kept], receipts[failure.Index]) = (receipts[failure.Index], receipts[kept]);
                }

                rows[kept++] = rows[failure.Index];
            }
        }

        return new RetrySet(kept, retryError);
    }

    private static bool SameError(Exception a, Exception b) =>
        ReferenceEquals(a, b) || (a.GetType() == b.GetType() && string.Equals(a.Message, b.Message, StringComparison.Ordinal));

    /// <summary>A failed row; <paramref name="Reason"/> is what its caller is told if it fails for good (not read while it is transient).</summary>
    private readonly record struct ClassifiedFailure(int Index, Exception Error, bool Transient, BatchDeliveryFailure Reason);

    private readonly record struct RetrySet(int Count, Exception? Error);

    private readonly record struct PermanentFailure(T[] Rows, Exception Error, BatchDeliveryFailure Reason, List<RowReceipt>? Receipts);
}
