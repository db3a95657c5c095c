namespace BatchFlow.PostgreSql;

/// <summary>
/// When a <see cref="Conflict.Ignore"/> sink copies a batch straight into the table, as <see cref="Conflict.None"/>
/// does, instead of through the staging table and <c>INSERT … ON CONFLICT DO NOTHING</c>. The direct COPY is atomic
/// and fails with <c>23505</c> when a key is already stored, writing nothing; the sink then merges that batch. After
/// such a conflict the sink merges the next batches without trying (1, 2, 4, … up to 1,024 of them, doubling with
/// each conflict in a row and halving with each direct COPY that commits), so a flow whose keys often exist pays
/// for a wasted COPY rarely, and a flow of new keys writes at the speed of a plain COPY.
/// </summary>
/// <remarks>Shared by the sink's concurrent writes; the counters race benignly (a batch more or less of either path).</remarks>
internal sealed class DirectCopyPolicy
{
    private const int MaxSkipped = 1_024;
    private int _skipNext;
    private int _backoff = 1;
    private long _direct;
    private long _fallbacks;

    /// <summary>Batches committed by a direct COPY.</summary>
    public long DirectCopies => Interlocked.Read(ref _direct);

    /// <summary>Direct COPYs that met a stored key and were merged instead.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Whether to try the direct COPY for the next batch.</summary>
    public bool ShouldTryDirect()
    {
        if (Volatile.Read(ref _skipNext) <= 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _skipNext);
        return false;
    }

    /// <summary>A direct COPY committed: try it more readily.</summary>
    public void Committed()
    {
        Interlocked.Increment(ref _direct);
        Volatile.Write(ref _backoff, Math.Max(1, Volatile.Read(ref _backoff) / 2));
    }

    /// <summary>A direct COPY met a stored key: merge the next batches without trying, twice as many as last time.</summary>
    public void Conflicted()
    {
        Interlocked.Increment(ref _fallbacks);
        var skip = Math.Min(MaxSkipped, Volatile.Read(ref _backoff) * 2);
        Volatile.Write(ref _backoff, skip);
        Volatile.Write(ref _skipNext, skip);
    }
}
