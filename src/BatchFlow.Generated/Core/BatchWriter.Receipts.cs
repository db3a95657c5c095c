using System.Runtime.InteropServices;

namespace BatchFlow;

/// <summary>
/// The writer's side of delivery-confirmed rows: a batch's receipts (<see cref="RowBatch{T}.Receipts"/>) stand beside
/// its rows, index for index. A row that fails for good has its receipt settled with a
/// <see cref="BatchDeliveryException"/> when it is reported, and its slot cleared; once the batch's write has ended,
/// every receipt still in place belongs to a committed row and is settled as committed, all together.
/// </summary>
internal sealed partial class BatchWriter<T>
{
    /// <summary>Reports rows that failed for good: their receipts first, then the failure handler (or the loss count).</summary>
    /// <param name="receipts">The batch's receipts, or null.</param>
    /// <param name="rows">The rows: a slice of the batch's array.</param>
    /// <param name="error">The error that kept them out.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="reason">Why they failed, for their callers.</param>
    private ValueTask ReportAsync(RowReceipt?[]? receipts, ReadOnlyMemory<T> rows, Exception error, int attempts, BatchDeliveryFailure reason)
    {
        var told = FailReceipts(receipts, rows, error, attempts, reason);
        return _failures.ReportAsync(rows, error, attempts, told);
    }

    private async Task<Exception?> AbandonAsync(RowReceipt?[]? receipts, ReadOnlyMemory<T> rows, Exception reason, int attempts)
    {
        var told = FailReceipts(receipts, rows, reason, attempts, BatchDeliveryFailure.Deadline);
        await _failures.AbandonAsync(rows, reason, attempts, told).ConfigureAwait(false);
        return reason;
    }

    /// <summary>Settles the receipts of <paramref name="rows"/> with the error; returns how many of the rows had a caller still waiting.</summary>
    private int FailReceipts(RowReceipt?[]? receipts, ReadOnlyMemory<T> rows, Exception error, int attempts, BatchDeliveryFailure reason)
    {
        if (receipts is null)
        {
            return 0;
        }

        var start = OffsetInBatch(rows);
        BatchDeliveryException? delivery = null;
        var told = 0;
        for (var i = start; i < start + rows.Length; i++)
        {
            if (receipts[i] is { } receipt)
            {
                receipts[i] = null;
                delivery ??= DeliveryError(error, attempts, reason);
                told += receipt.Settle(delivery) ? 1 : 0;
            }
        }

        return told;
    }

    /// <summary>Settles the receipts of rows that failed for good but were copied out of the batch (row-outcome sinks).</summary>
    private int FailReceipts(List<RowReceipt>? receipts, Exception error, int attempts, BatchDeliveryFailure reason)
    {
        if (receipts is null)
        {
            return 0;
        }

        var delivery = DeliveryError(error, attempts, reason);
        var told = 0;
        foreach (var receipt in receipts)
        {
            told += receipt.Settle(delivery) ? 1 : 0;
        }

        return told;
    }

    /// <summary>
    /// Settles every receipt still in place: committed when the write ended normally (<paramref name="escaped"/> null),
    /// else failed with the exception that ended it, so that no caller waits forever.
    /// </summary>
    private void SettleRemaining(RowReceipt?[] receipts, int count, Exception? escaped)
    {
        var error = escaped is null ? null : DeliveryError(escaped, attempts: 0, BatchDeliveryFailure.Unexpected);
        for (var i = 0; i < count; i++)
        {
            if (receipts[i] is { } receipt)
            {
                receipts[i] = null;
                receipt.Settle(error);
            }
        }
    }

    /// <summary>
    /// Where <paramref name="rows"/> start in their batch: every slice the writer handles is of the batch's own array
    /// (collapsed, halved or cut to the rows to retry), to which the receipts are aligned.
    /// </summary>
    private static int OffsetInBatch(ReadOnlyMemory<T> rows) =>
        MemoryMarshal.TryGetArray(rows, out var segment) ? segment.Offset : throw new InvalidOperationException("The rows are not a slice of their batch's array.");

    private BatchDeliveryException DeliveryError(Exception error, int attempts, BatchDeliveryFailure reason) =>
        new($"The row was not written to table '{_tags.Table}' ({_tags.Provider}) after {attempts} attempt(s): {error.Message}", error)
        {
            TableName = _tags.Table,
            ProviderName = _tags.Provider,
            Attempts = attempts,
            Reason = reason,
        };
}
