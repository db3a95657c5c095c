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
}
