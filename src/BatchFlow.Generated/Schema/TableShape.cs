namespace BatchFlow;

/// <summary>
/// A table as SQL and plan builders need it, without the row type: its name (unquoted), its columns in write order,
/// the key columns and the conflict mode. <see cref="TableDescription{T}"/> is one; a provider's dialect code takes
/// this, so it is written once, not per row type, and is tested without generated code.
/// </summary>
public class TableShape
{
    /// <summary>Creates a table shape.</summary>
    /// <param name="name">The table name, unquoted.</param>
    /// <param name="conflict">What a write does when a key already exists.</param>
    /// <param name="columns">The columns in the order writers write them.</param>
    /// <exception cref="ArgumentException">The name is empty, there are no columns, or a conflict mode other than <see cref="Conflict.None"/> has no key column.</exception>
    public TableShape(string name, Conflict conflict, IReadOnlyList<ColumnDescription> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException($"Table '{name}' has no columns.", nameof(columns));
        }

        var keys = new List<ColumnDescription>();
        var others = new List<ColumnDescription>();
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            (column.IsKey ? keys : others).Add(column);
        }

        if (conflict != Conflict.None && keys.Count == 0)
        {
            throw new ArgumentException($"Table '{name}' uses Conflict.{conflict} but has no key columns.", nameof(conflict));
        }

        Name = name;
        Conflict = conflict;
        Columns = columns.ToArray();
        KeyColumns = keys.ToArray();
        NonKeyColumns = others.ToArray();
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

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Columns.Count} columns, Conflict.{Conflict})";
}
