using System.Collections.Concurrent;

namespace BatchFlow;

/// <summary>
/// Collapses rows with the same key inside one batch, in place, as the conflict mode says:
/// <see cref="Conflict.Ignore"/> keeps the first row of a key, <see cref="Conflict.Update"/> and
/// <see cref="Conflict.Replace"/> keep the last. Databases either reject a batch touching a key twice
/// (PostgreSQL) or would apply the rows in order; collapsing gives the same result and a count.
/// </summary>
internal sealed class KeyCollapser<T>
{
    private readonly IEqualityComparer<T> _comparer;
    private readonly bool _keepLast;
    private readonly ConcurrentBag<HashSet<T>> _sets = new();
#pragma warning disable CS8714 // A null row is never a key here: CollapseWithReceipts keeps it as it is, unmapped.
    private readonly ConcurrentBag<Dictionary<T, int>> _maps = new();
#pragma warning restore CS8714

    private KeyCollapser(IEqualityComparer<T> comparer, bool keepLast)
    {
        _comparer = comparer;
        _keepLast = keepLast;
    }

    /// <summary>A collapser for the table, or null when its conflict mode keeps every row.</summary>
    public static KeyCollapser<T>? For(TableDescription<T> table) =>
        table.Conflict == Conflict.None || table.KeyComparer is null
            ? null
            : new KeyCollapser<T>(table.KeyComparer, keepLast: table.Conflict != Conflict.Ignore);

    /// <summary>
    /// Collapses <paramref name="rows"/> in place, keeping submission order; returns the rows kept. With
    /// <paramref name="receipts"/> (aligned with the array under <paramref name="rows"/>, from its start), a kept row's
    /// receipt moves with it and a collapsed row's receipt is chained to the receipt of the row that replaced it, so it
    /// completes with that row's outcome; slots left behind are cleared.
    /// </summary>
    public Memory<T> Collapse(Memory<T> rows, RowReceipt?[]? receipts, out int collapsed) =>
        receipts is null ? Collapse(rows, out collapsed) : CollapseWithReceipts(rows, receipts, out collapsed);

    /// <summary>Collapses <paramref name="rows"/> in place, keeping submission order; returns the rows kept.</summary>
    public Memory<T> Collapse(Memory<T> rows, out int collapsed)
    {
        var span = rows.Span;
        if (!_sets.TryTake(out var seen))
        {
            seen = new HashSet<T>(_comparer);
        }

        try
        {
            if (_keepLast)
            {
                // Walk from the end so the last row of each key wins, packing survivors towards the end.
                var write = span.Length;
                for (var read = span.Length - 1; read >= 0; read--)
                {
                    if (seen.Add(span[read]))
                    {
                        span[--write] = span[read];
                    }
                }

                collapsed = write;
                return rows[write..];
            }
            else
            {
                var write = 0;
                for (var read = 0; read < span.Length; read++)
                {
                    if (seen.Add(span[read]))
                    {
                        span[write++] = span[read];
                    }
                }

                collapsed = span.Length - write;
                return rows[..write];
            }
        }
        finally
        {
            seen.Clear();
            _sets.Add(seen);
        }
    }
    private Memory<T> CollapseWithReceipts(Memory<T> rows, RowReceipt?[] receipts, out int collapsed)
    {
        var span = rows.Span;
        if (!_maps.TryTake(out var kept))
        {
#pragma warning disable CS8714 // See the field.
            kept = new Dictionary<T, int>(_comparer);
#pragma warning restore CS8714
        }

        try
        {
            // The same walks as without receipts; the map remembers where each key's surviving row now stands.
            var step = _keepLast ? -1 : 1;
            var read = _keepLast ? span.Length - 1 : 0;
            var write = _keepLast ? span.Length : -1;
            for (; read >= 0 && read < span.Length; read += step)
            {
                var receipt = receipts[read];
                receipts[read] = null;
                if (span[read] is not null && kept.TryGetValue(span[read], out var survivor))
                {
                    if (receipt is not null)
                    {
                        receipt.Shared = receipts[survivor];
                        receipts[survivor] = receipt;
                    }

                    continue;
                }

                write += step;
                span[write] = span[read];
                receipts[write] = receipt;
                if (span[write] is not null)
                {
                    // A null row is a bad row: kept, never a key, so that the sink reports it alone.
                    kept.Add(span[write], write);
                }
            }

            if (_keepLast)
            {
                collapsed = write;
                return rows[write..];
            }

            collapsed = span.Length - (write + 1);
            return rows[..(write + 1)];
        }
        finally
        {
            kept.Clear();
            _maps.Add(kept);
        }
    }
}
