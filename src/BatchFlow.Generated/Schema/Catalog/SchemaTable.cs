namespace BatchFlow;

/// <summary>A table as the database's catalog describes it: what a schema snapshot records and a sink checks a row type against. Equal when every member is (lists element by element).</summary>
/// <param name="Name">The table name, as the catalog spells it.</param>
/// <param name="Columns">Its columns, in the table's order.</param>
/// <param name="Indexes">Its primary key first, then its unique indexes by name.</param>
public sealed record SchemaTable(string Name, IReadOnlyList<SchemaColumn> Columns, IReadOnlyList<SchemaIndex> Indexes)
{
    /// <summary>Whether both describe the same table: the same name, columns and indexes, in the same order.</summary>
    /// <param name="other">The other table.</param>
    public bool Equals(SchemaTable? other) =>
        other is not null && Name == other.Name && SchemaLists.Equal(Columns, other.Columns) && SchemaLists.Equal(Indexes, other.Indexes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, SchemaLists.Hash(Columns), SchemaLists.Hash(Indexes));
}
