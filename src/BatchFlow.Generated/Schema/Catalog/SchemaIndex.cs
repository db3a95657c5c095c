namespace BatchFlow;

/// <summary>The primary key or a unique index of a <see cref="SchemaTable"/> (other indexes are not described). Equal when every member is (lists element by element).</summary>
/// <param name="Name">The index or constraint name, as the catalog spells it.</param>
/// <param name="Columns">Its columns, in index order. Unique indexes over expressions are not described.</param>
/// <param name="IsPrimaryKey">Whether this is the primary key.</param>
/// <param name="IsPartial">Whether the index covers only rows that match a <c>WHERE</c> clause (PostgreSQL, SQLite).</param>
/// <param name="IsDeferrable">Whether the uniqueness is checked at commit rather than per statement (PostgreSQL's <c>DEFERRABLE</c>).</param>
public sealed record SchemaIndex(string Name, IReadOnlyList<string> Columns, bool IsPrimaryKey, bool IsPartial = false, bool IsDeferrable = false)
{
    /// <summary>
    /// Whether a conflict clause on exactly these columns can use the index: <c>ON CONFLICT (…)</c> needs a unique
    /// index that is neither partial nor deferrable; <c>ON DUPLICATE KEY</c> any unique index.
    /// </summary>
    public bool CanDecideConflicts => !IsPartial && !IsDeferrable;

    /// <summary>Whether both describe the same index: every member equal, <see cref="Columns"/> element by element.</summary>
    /// <param name="other">The other index.</param>
    public bool Equals(SchemaIndex? other) =>
        other is not null
        && Name == other.Name
        && IsPrimaryKey == other.IsPrimaryKey
        && IsPartial == other.IsPartial
        && IsDeferrable == other.IsDeferrable
        && SchemaLists.Equal(Columns, other.Columns);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, IsPrimaryKey, IsPartial, IsDeferrable, SchemaLists.Hash(Columns));
}
