namespace BatchFlow;

/// <summary>
/// What the generator knows about a row type: the table and column names (unquoted), the column order, the member
/// types, the key, the conflict mode, how to compare keys and how to hand a row's values to a provider. Providers
/// build their SQL from it (as a <see cref="TableShape"/>) once per flow; it holds no SQL itself.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class TableDescription<T> : TableShape
{
    /// <summary>Creates a table description. Generated code calls this.</summary>
    /// <param name="name">The table name, unquoted.</param>
    /// <param name="conflict">What a write does when a key already exists.</param>
    /// <param name="columns">The columns in the order writers write them.</param>
    /// <param name="keyComparer">Compares rows by their key columns; required when <paramref name="conflict"/> is not <see cref="Conflict.None"/>.</param>
    /// <param name="writer">Hands a row's values to a provider, one call per column in <paramref name="columns"/> order.</param>
    /// <exception cref="ArgumentException">The name is empty, there are no columns, or a conflict mode other than <see cref="Conflict.None"/> has no key columns or key comparer.</exception>
    public TableDescription(string name, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IEqualityComparer<T>? keyComparer, IRowWriter<T> writer)
        : base(name, conflict, columns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (conflict != Conflict.None && keyComparer is null)
        {
            throw new ArgumentException($"Table '{name}' uses Conflict.{conflict} but has no key comparer.", nameof(keyComparer));
        }

        KeyComparer = keyComparer;
        Writer = writer;
    }

    /// <summary>Compares rows by their key columns, or null when the type has no key.</summary>
    public IEqualityComparer<T>? KeyComparer { get; }

    /// <summary>Hands a row's values to a provider's <see cref="IColumnWriter"/>, one call per column, in <see cref="TableShape.Columns"/> order.</summary>
    public IRowWriter<T> Writer { get; }
}
