namespace BatchFlow;

/// <summary>
/// What the generator knows about a row type: the table and column names (unquoted), the column order, the member
/// types, the key, the conflict mode, how to compare keys, how to hand a row's values to a provider and, where it can,
/// how to rebuild a row from them. Providers build their SQL from it (as a <see cref="TableShape"/>) once per flow; it
/// holds no SQL itself.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class TableDescription<T> : TableShape
{
    /// <summary>Creates a table description without a row reader (<see cref="Reader"/> is null).</summary>
    /// <param name="name">The table name, unquoted.</param>
    /// <param name="conflict">What a write does when a key already exists.</param>
    /// <param name="columns">The columns in the order writers write them.</param>
    /// <param name="keyComparer">Compares rows by their key columns; required when <paramref name="conflict"/> is not <see cref="Conflict.None"/>.</param>
    /// <param name="writer">Hands a row's values to a provider, one call per column in <paramref name="columns"/> order.</param>
    /// <exception cref="ArgumentException">The name is empty, there are no columns, or a conflict mode other than <see cref="Conflict.None"/> has no key columns or key comparer.</exception>
    public TableDescription(string name, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IEqualityComparer<T>? keyComparer, IRowWriter<T> writer)
        : this(name, conflict, columns, keyComparer, writer, reader: null)
    {
    }

    /// <summary>Creates a table description. Generated code calls this.</summary>
    /// <param name="name">The table name, unquoted.</param>
    /// <param name="conflict">What a write does when a key already exists.</param>
    /// <param name="columns">The columns in the order writers write them.</param>
    /// <param name="keyComparer">Compares rows by their key columns; required when <paramref name="conflict"/> is not <see cref="Conflict.None"/>.</param>
    /// <param name="writer">Hands a row's values to a provider, one call per column in <paramref name="columns"/> order.</param>
    /// <param name="reader">Rebuilds a row from its values read in <paramref name="columns"/> order; null when the row type cannot be rebuilt from its columns.</param>
    /// <exception cref="ArgumentException">The name is empty, there are no columns, or a conflict mode other than <see cref="Conflict.None"/> has no key columns or key comparer.</exception>
    public TableDescription(string name, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IEqualityComparer<T>? keyComparer, IRowWriter<T> writer, IRowReader<T>? reader)
        : base(name, conflict, columns)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (conflict != Conflict.None && keyComparer is null)
        {
            throw new ArgumentException($"Table '{name}' uses Conflict.{conflict} but has no key comparer.", nameof(keyComparer));
        }

        KeyComparer = keyComparer;
        Writer = writer;
        Reader = reader;
    }

    /// <summary>Compares rows by their key columns, or null when the type has no key.</summary>
    public IEqualityComparer<T>? KeyComparer { get; }

    /// <summary>Hands a row's values to a provider's <see cref="IColumnWriter"/>, one call per column, in <see cref="TableShape.Columns"/> order.</summary>
    public IRowWriter<T> Writer { get; }

    /// <summary>
    /// Rebuilds a row from an <see cref="IColumnReader"/> that hands its values back in <see cref="TableShape.Columns"/>
    /// order (the inverse of <see cref="Writer"/>), or null when there is none.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The generator emits a reader when every column can be given back to a new row: the type is not abstract, it is
    /// built through its positional (primary) constructor or an accessible parameterless one, and each column member is
    /// either that constructor's parameter or can be assigned in an object initializer (a settable or <c>init</c>
    /// property, a field that is not <c>readonly</c>). A constructor parameter that is no column (<c>[BatchIgnore]</c>)
    /// gets its type's default value, and a member that is no column keeps what the constructor gives it. Values are
    /// handed over as read, with no conversion but an enum's from its underlying integer.
    /// </para>
    /// <para>
    /// Otherwise (a get-only property that no constructor parameter sets, a <c>readonly</c> field, a required member
    /// that is no column, no accessible constructor that fits) the generator emits no reader and reports nothing: the
    /// type still writes, and this property is null. It is null too for a description built by hand without a reader.
    /// </para>
    /// </remarks>
    public IRowReader<T>? Reader { get; }
}
