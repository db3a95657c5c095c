namespace BatchFlow;

/// <summary>
/// What the generator knows about a row type: the table and column names (unquoted), the column order, the member
/// types, the key and the conflict mode. Providers build their SQL from it once per flow; it holds no SQL itself.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class TableDescription<T>
{
    /// <summary>Creates a table description. Generated code calls this.</summary>
    /// <param name="name">The table name, unquoted.</param>
    /// <param name="conflict">What a write does when a key already exists.</param>
    /// <param name="columns">The columns in the order writers write them.</param>
    /// <param name="keyComparer">Compares rows by their key columns; required when <paramref name="conflict"/> is not <see cref="Conflict.None"/>.</param>
    /// <param name="writer">Hands a row's values to a provider, one call per column in <paramref name="columns"/> order.</param>
    public TableDescription(string name, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IEqualityComparer<T>? keyComparer, IRowWriter<T> writer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(writer);
        if (columns.Count == 0)
        {
            throw new ArgumentException($"Table '{name}' has no columns.", nameof(columns));
        }

        var keys = new List<ColumnDescription>();
        var others = new List<ColumnDescription>();
        foreach (var column in columns)
        {
            (column.IsKey ? keys : others).Add(column);
        }

        if (conflict != Conflict.None && (keys.Count == 0 || keyComparer is null))
        {
            throw new ArgumentException($"Table '{name}' uses Conflict.{conflict} but has no key columns or key comparer.", nameof(conflict));
        }

        Name = name;
        Conflict = conflict;
        Columns = columns.ToArray();
        KeyColumns = keys.ToArray();
        NonKeyColumns = others.ToArray();
        KeyComparer = keyComparer;
        Writer = writer;
    }

    /// <summary>The table name, unquoted.</summary>
    public string Name { get; }

    /// <summary>What a write does when a key already exists.</summary>
    public Conflict Conflict { get; }

    /// <summary>Every column, in write order.</summary>
    public IReadOnlyList<ColumnDescription> Columns { get; }

    /// <summary>The key columns, in write order (empty when the type has no <see cref="BatchKeyAttribute"/>).</summary>
    public IReadOnlyList<ColumnDescription> KeyColumns { get; }

    /// <summary>The columns that are not part of the key, in write order.</summary>
    public IReadOnlyList<ColumnDescription> NonKeyColumns { get; }

    /// <summary>Compares rows by their key columns, or null when the type has no key.</summary>
    public IEqualityComparer<T>? KeyComparer { get; }

    /// <summary>Hands a row's values to a provider's <see cref="IColumnWriter"/>, one call per column, in <see cref="Columns"/> order.</summary>
    public IRowWriter<T> Writer { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Columns.Count} columns, Conflict.{Conflict})";
}
