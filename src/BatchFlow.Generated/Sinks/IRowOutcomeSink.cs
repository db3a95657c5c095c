namespace BatchFlow;

/// <summary>
/// A sink whose batch is not one transaction but many independent commands (a Redis pipeline, a bulk API that
/// answers per row): each row is applied or refused on its own, and the sink says which rows failed and why instead
/// of failing the whole batch. The core then counts the others as written, reports the rows that failed for good,
/// each with its own error, and retries only the rows whose failure is transient: a row that was applied is never
/// sent again, and nothing is split in halves.
/// </summary>
/// <remarks>
/// <para>
/// When a sink implements this interface the core calls <see cref="WriteAsync(ReadOnlyMemory{T}, RowOutcomes, CancellationToken)"/>
/// instead of <see cref="IBatchSink{T}.WriteAsync(ReadOnlyMemory{T}, CancellationToken)"/>. Every row the sink does
/// not name in <see cref="RowOutcomes.Fail"/> counts as applied.
/// </para>
/// <para>
/// The sink should throw only when no row was applied (it could not send anything: no connection, a bad argument);
/// the core then treats the whole batch as failed with that exception, as for an atomic sink. A row whose outcome the
/// sink cannot know (its reply was lost with the connection, or the attempt was cancelled before it came) is
/// reported as failed with a transient error: it will be sent again, so a sink that cannot make its command
/// idempotent documents that its delivery is at least once.
/// </para>
/// <para>
/// Each row's error is classified with <see cref="IBatchSink{T}.IsTransient"/>; an
/// <see cref="OperationCanceledException"/> reported while the attempt's token is cancelled counts as the attempt's
/// timeout (transient). Rows that failed for good are reported together when their errors have the same type and message.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public interface IRowOutcomeSink<T> : IBatchSink<T>
{
    /// <summary>
    /// Applies each row of the batch, and names in <paramref name="outcomes"/> every row that was not applied. The
    /// memory is only valid for the duration of the call.
    /// </summary>
    /// <param name="rows">The rows, in submission order (duplicate keys already collapsed when the conflict mode asks for it).</param>
    /// <param name="outcomes">Where the sink records the rows that failed, by their index in <paramref name="rows"/>.</param>
    /// <param name="cancellationToken">Cancelled when the attempt times out (<see cref="BatchFlowOptions.FlushTimeout"/>).</param>
    ValueTask WriteAsync(ReadOnlyMemory<T> rows, RowOutcomes outcomes, CancellationToken cancellationToken);

    /// <summary>
    /// For a caller that uses the sink without a flow: applies the rows and throws a
    /// <see cref="BatchRowsFailedException"/> naming the rows that failed, if any did (the others stay applied).
    /// </summary>
    async ValueTask IBatchSink<T>.WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        var outcomes = new RowOutcomes();
        await WriteAsync(rows, outcomes, cancellationToken).ConfigureAwait(false);
        if (outcomes.Count > 0)
        {
            throw new BatchRowsFailedException(Table.Name, rows.Length, outcomes.Failures);
        }
    }
}
