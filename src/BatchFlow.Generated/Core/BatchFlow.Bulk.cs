using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace BatchFlow;

// Bulk submit (ADR 0012): rows the caller already holds go into the queue in chunks, copied into pooled arrays the flow
// owns, each chunk one channel write and one reservation of its rows against the capacity.
public partial class BatchFlow<T>
{
    // Channel drains between reading rows out of the caller's reader and enqueueing them (see DrainAsync).
    private int _drainsEnqueuing;

    // A chunk's fixed costs (a reservation, a channel write, a pooled array) vanish per row long before 1,024 rows, and
    // a smaller chunk lets a bulk submit enter a nearly full queue sooner.
    private const int MaxChunkRows = 1_024;

    /// <summary>
    /// Enqueues <paramref name="rows"/> in order, as <see cref="SubmitAsync"/> would one by one, with far less cost per
    /// row. Waits while the queue is full: <see cref="BatchFlowOptions.Capacity"/> counts rows, so a call with more rows
    /// than the capacity enters as the flow drains and never makes it hold more than its bound. Returns once every row
    /// is accepted; they are copied into buffers the flow owns, so the caller may reuse its memory when the call
    /// returns (not before). Linger, flush and completion treat the rows as single rows.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="cancellationToken">
    /// Cancels the wait for room. Then the call throws a <see cref="BatchSubmitCanceledException"/> whose
    /// <see cref="BatchSubmitCanceledException.Accepted"/> says how many leading rows were accepted: those are written as
    /// any others, the rest were never enqueued.
    /// </param>
    /// <exception cref="BatchFlowCompletedException">
    /// The flow has been completed or disposed; when that happened during the call, its
    /// <see cref="BatchFlowCompletedException.Accepted"/> leading rows were accepted.
    /// </exception>
    /// <exception cref="BatchSubmitCanceledException">The token was cancelled before every row was accepted.</exception>
    public ValueTask SubmitManyAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken = default) =>
        SubmitCoreAsync(rows, 0, cancellationToken);

    /// <summary>
    /// Enqueues <paramref name="rows"/> in order, as <see cref="SubmitManyAsync(ReadOnlyMemory{T}, CancellationToken)"/>
    /// (an overload of its own, so that an array is not ambiguous between memory and a sequence).
    /// </summary>
    /// <param name="rows">The rows; the caller may reuse the array when the call returns.</param>
    /// <param name="cancellationToken">Cancels the wait for room (see the <see cref="ReadOnlyMemory{T}"/> overload).</param>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="BatchFlowCompletedException">The flow has been completed or disposed (see its <see cref="BatchFlowCompletedException.Accepted"/>).</exception>
    /// <exception cref="BatchSubmitCanceledException">The token was cancelled before every row was accepted.</exception>
    public ValueTask SubmitManyAsync(T[] rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return SubmitCoreAsync(rows, 0, cancellationToken);
    }

    /// <summary>
    /// Enqueues the rows of <paramref name="rows"/> in order, as <see cref="SubmitManyAsync(ReadOnlyMemory{T}, CancellationToken)"/>
    /// does: read in chunks of up to 1,024 rows (fewer when <see cref="BatchFlowOptions.FlushSize"/> or
    /// <see cref="BatchFlowOptions.Capacity"/> is smaller), each chunk enqueued before the next is read.
    /// </summary>
    /// <param name="rows">The rows; enumerated once.</param>
    /// <param name="cancellationToken">
    /// Cancels the wait for room: then a <see cref="BatchSubmitCanceledException"/> says how many leading rows were
    /// accepted. Rows read from <paramref name="rows"/> after those are not enqueued.
    /// </param>
    /// <exception cref="BatchFlowCompletedException">The flow has been completed or disposed (see its <see cref="BatchFlowCompletedException.Accepted"/>).</exception>
    /// <exception cref="BatchSubmitCanceledException">The token was cancelled before every row was accepted.</exception>
    /// <remarks>An exception thrown by the enumeration ends the call with it; the rows enqueued before it stay accepted.</remarks>
    public ValueTask SubmitManyAsync(IEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows is T[] array
            ? SubmitCoreAsync(array, 0, cancellationToken)
            : SubmitEnumerableAsync(rows, cancellationToken);
    }

    /// <summary>
    /// Enqueues the rows of <paramref name="rows"/> in order as they arrive, in chunks as
    /// <see cref="SubmitManyAsync(IEnumerable{T}, CancellationToken)"/> does. A chunk is never held back to wait for the
    /// source: whenever the source has no row ready, the rows read so far are enqueued first, so linger still counts
    /// from when a row was read.
    /// </summary>
    /// <param name="rows">The rows; enumerated once, with <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">
    /// Cancels the enumeration and the wait for room: then a <see cref="BatchSubmitCanceledException"/> says how many
    /// leading rows were accepted. Rows read from <paramref name="rows"/> after those are not enqueued.
    /// </param>
    /// <exception cref="BatchFlowCompletedException">The flow has been completed or disposed (see its <see cref="BatchFlowCompletedException.Accepted"/>).</exception>
    /// <exception cref="BatchSubmitCanceledException">The token was cancelled before every row was accepted.</exception>
    /// <remarks>
    /// An exception thrown by the source ends the call with it; the rows enqueued before it stay accepted. When the call
    /// fails (cancelled, or the flow completed) while the source is producing its next row, the call waits for that row
    /// before it disposes the enumerator and throws: the source should observe <paramref name="cancellationToken"/>.
    /// </remarks>
    public ValueTask SubmitManyAsync(IAsyncEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return SubmitAsyncEnumerableAsync(rows, cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="reader"/> into the flow until it completes: every row it yields is enqueued in order, in
    /// chunks of what is ready (never held back to wait for more). Room in the queue is reserved before rows are read,
    /// so while the flow is full the rows stay in <paramref name="reader"/>, and a cancelled call leaves the rows it did
    /// not accept there. Returns when the reader has completed and its last row is accepted.
    /// </summary>
    /// <param name="reader">The source; other readers may read it at the same time.</param>
    /// <param name="cancellationToken">
    /// Stops the drain: then a <see cref="BatchSubmitCanceledException"/> says how many rows were accepted; the rest are
    /// still in <paramref name="reader"/>.
    /// </param>
    /// <returns>A task that ends when <paramref name="reader"/> has completed and all its rows are accepted.</returns>
    /// <exception cref="BatchFlowCompletedException">
    /// The flow has been completed or disposed (see its <see cref="BatchFlowCompletedException.Accepted"/>). Rows read
    /// from <paramref name="reader"/> as the flow completes are enqueued before the queue closes (completion waits for
    /// them), so every row read from it is accepted.
    /// </exception>
    /// <exception cref="BatchSubmitCanceledException">The token was cancelled before the reader completed.</exception>
    /// <remarks>A reader completed with an error ends the call with that error; the rows accepted before it stay accepted.</remarks>
    public Task SubmitAllAsync(ChannelReader<T> reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return DrainAsync(reader, cancellationToken);
    }

    /// <summary>Submits <paramref name="rows"/>; errors count <paramref name="acceptedBefore"/> rows of the call as already accepted.</summary>
    private ValueTask SubmitCoreAsync(ReadOnlyMemory<T> rows, long acceptedBefore, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _completing) != 0)
        {
            return ValueTask.FromException(BulkCompleted(acceptedBefore, rows.Length, null));
        }

        // Without waiting while there is room; the rest on the pooled slow path.
        var span = rows.Span;
        var accepted = 0;
        while (accepted < span.Length)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromException(BulkCanceled(acceptedBefore + accepted, span.Length - accepted, null, cancellationToken));
            }

            var taken = _budget.TryTake(Math.Min(span.Length - accepted, _chunkSize));
            if (taken == 0)
            {
                return SubmitSlowAsync(rows, accepted, acceptedBefore, cancellationToken);
            }

            if (!TryEnqueue(span.Slice(accepted, taken)))
            {
                return ValueTask.FromException(BulkCompleted(acceptedBefore + accepted, span.Length - accepted, null));
            }

            accepted += taken;
        }

        return default;
    }

    // Pooled, as the single-row slow path: a bulk producer against a full queue waits once per chunk.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SubmitSlowAsync(ReadOnlyMemory<T> rows, int accepted, long acceptedBefore, CancellationToken cancellationToken)
    {
        while (accepted < rows.Length)
        {
            var left = rows.Length - accepted;
            var taken = await TakeRoomAsync(Math.Min(left, _chunkSize), acceptedBefore + accepted, left, cancellationToken).ConfigureAwait(false);
            if (!TryEnqueue(rows.Span.Slice(accepted, taken)))
            {
                throw BulkCompleted(acceptedBefore + accepted, left, null);
            }

            accepted += taken;
        }
    }

    /// <summary>
    /// Reserves room for 1 to <paramref name="max"/> rows, waiting for it if need be, or throws the bulk submit's error
    /// (cancelled, completed) counting <paramref name="accepted"/> rows accepted and <paramref name="refused"/> refused.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> TakeRoomAsync(int max, long accepted, long refused, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw BulkCanceled(accepted, refused, null, cancellationToken);
        }

        var taken = _budget.TryTake(max);
        if (taken > 0)
        {
            return taken;
        }

        try
        {
            return await _budget.TakeAsync(max, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw BulkCompleted(accepted, refused, exception);
        }
        catch (OperationCanceledException exception)
        {
            throw BulkCanceled(accepted, refused, exception, cancellationToken);
        }
    }

    private async ValueTask SubmitEnumerableAsync(IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<T>.Shared.Rent(_chunkSize);
        try
        {
            long accepted = 0;
            using var enumerator = rows.GetEnumerator();
            while (true)
            {
                var count = 0;
                while (count < _chunkSize && enumerator.MoveNext())
                {
                    buffer[count++] = enumerator.Current;
                }

                if (count == 0)
                {
                    return;
                }

                await SubmitCoreAsync(buffer.AsMemory(0, count), accepted, cancellationToken).ConfigureAwait(false);
                accepted += count;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private async ValueTask SubmitAsyncEnumerableAsync(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<T>.Shared.Rent(_chunkSize);
        try
        {
            long accepted = 0;
            var count = 0;
            var enumerator = rows.GetAsyncEnumerator(cancellationToken);
            await using (enumerator.ConfigureAwait(false))
            {
                while (true)
                {
                    var next = enumerator.MoveNextAsync();
                    if (!next.IsCompleted && count > 0)
                    {
                        // The source has nothing ready: enqueue what was read rather than hold it back.
                        try
                        {
                            await SubmitCoreAsync(buffer.AsMemory(0, count), accepted, cancellationToken).ConfigureAwait(false);
                        }
                        catch
                        {
                            // The enumerator must not be disposed while its MoveNextAsync is under way.
                            await IgnoreAsync(next).ConfigureAwait(false);
                            throw;
                        }

                        accepted += count;
                        count = 0;
                    }

                    bool more;
                    try
                    {
                        more = await next.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
                    {
                        throw BulkCanceled(accepted, count, exception, cancellationToken);
                    }

                    if (!more)
                    {
                        break;
                    }

                    buffer[count++] = enumerator.Current;
                    if (count == _chunkSize)
                    {
                        await SubmitCoreAsync(buffer.AsMemory(0, count), accepted, cancellationToken).ConfigureAwait(false);
                        accepted += count;
                        count = 0;
                    }
                }

                if (count > 0)
                {
                    await SubmitCoreAsync(buffer.AsMemory(0, count), accepted, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private static async ValueTask IgnoreAsync(ValueTask<bool> pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The submit's own error is the one thrown; the source's outcome no longer matters.
        catch
#pragma warning restore CA1031
        {
        }
    }

    private async Task DrainAsync(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        long accepted = 0;
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
            {
                throw BulkCanceled(accepted, 0, exception, cancellationToken);
            }

            if (!more)
            {
                return;
            }

            if (Volatile.Read(ref _completing) != 0)
            {
                throw BulkCompleted(accepted, 0, null);
            }

            // Room first, rows second: rows the flow has no room for stay in the reader. Room for what is ready, when the
            // reader can tell, so that a trickle does not hold a whole chunk's room.
            var want = reader.CanCount ? Math.Clamp(reader.Count, 1, _chunkSize) : _chunkSize;
            var room = await TakeRoomAsync(want, accepted, 0, cancellationToken).ConfigureAwait(false);

            // From the first row read to the enqueue, completion waits (CompleteAsync): rows taken out of the caller's
            // reader must reach the queue, as they cannot be put back. Nothing in this window awaits.
            Interlocked.Increment(ref _drainsEnqueuing);
            if (Volatile.Read(ref _completing) != 0)
            {
                Interlocked.Decrement(ref _drainsEnqueuing);
                _budget.Return(room);
                throw BulkCompleted(accepted, 0, null);
            }

            T[]? chunk = ArrayPool<T>.Shared.Rent(room);
            var count = 0;
            try
            {
                while (count < room && reader.TryRead(out var row))
                {
                    chunk[count++] = row;
                }
            }
            catch
            {
                // A reader of the caller's that throws: the room goes back, the rows it gave were not accepted.
                Interlocked.Decrement(ref _drainsEnqueuing);
                ReturnChunk(chunk);
                _budget.Return(room);
                throw;
            }

            if (count < room)
            {
                // Another reader took the rows meanwhile, or fewer were ready.
                _budget.Return(room - count);
            }

            if (count == 0)
            {
                Interlocked.Decrement(ref _drainsEnqueuing);
                ReturnChunk(chunk);
                continue;
            }

            QueueItem<T> item;
            if (count == 1)
            {
                item = new QueueItem<T>(chunk[0], Stamp());
                ReturnChunk(chunk);
                chunk = null;
            }
            else
            {
                item = new QueueItem<T>(chunk, count, Stamp());
            }

            // Cannot fail: completion waits for this window before it closes the queue.
            var written = _queue.Writer.TryWrite(item);
            Interlocked.Decrement(ref _drainsEnqueuing);
            Debug.Assert(written, "The queue closed while a drain held rows it had read.");
            _instruments.Submitted.Add(count, _tags.Common);
            accepted += count;
        }
    }

    /// <summary>
    /// Enqueues <paramref name="rows"/>, whose room is reserved, as one item: a row, or a copy in a pooled chunk. When
    /// the channel is completed, gives the room back and returns false.
    /// </summary>
    private bool TryEnqueue(ReadOnlySpan<T> rows)
    {
        T[]? chunk = null;
        QueueItem<T> item;
        if (rows.Length == 1)
        {
            item = new QueueItem<T>(rows[0], Stamp());
        }
        else
        {
            chunk = ArrayPool<T>.Shared.Rent(rows.Length);
            rows.CopyTo(chunk);
            item = new QueueItem<T>(chunk, rows.Length, Stamp());
        }

        if (_queue.Writer.TryWrite(item))
        {
            _instruments.Submitted.Add(rows.Length, _tags.Common);
            return true;
        }

        if (chunk is not null)
        {
            ReturnChunk(chunk);
        }

        _budget.Return(rows.Length);
        return false;
    }

    private static void ReturnChunk(T[] chunk) =>
        ArrayPool<T>.Shared.Return(chunk, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());

    private BatchSubmitCanceledException BulkCanceled(long accepted, long refused, Exception? inner, CancellationToken cancellationToken)
    {
        if (refused > 0)
        {
            _instruments.Rejected.Add(refused, _tags.Cancelled);
        }

        return new BatchSubmitCanceledException(
            $"The bulk submit into table '{_tags.Table}' ({_tags.Provider}) was cancelled after {accepted} of its rows were accepted; those will be written, the rest were not enqueued.",
            accepted,
            inner,
            cancellationToken);
    }

    private BatchFlowCompletedException BulkCompleted(long accepted, long refused, Exception? inner)
    {
        if (refused > 0)
        {
            _instruments.Rejected.Add(refused, _tags.Completed);
        }

        return CompletedError(inner, accepted);
    }
}
