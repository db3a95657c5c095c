namespace BatchFlow;

/// <summary>One column of a <see cref="SchemaTable"/>, as the database's catalog describes it. Equal when every member is (lists element by element).</summary>
/// <param name="Name">The column name, as the catalog spells it.</param>
/// <param name="DatabaseType">The column's type as the database writes it (<c>bigint</c>, <c>character varying(20)</c>, <c>varchar(20)</c>).</param>
/// <param name="IsNullable">Whether the column accepts NULL.</param>
/// <param name="Default">The default expression as the catalog holds it, or null when the column has none.</param>
/// <param name="IsGenerated">Whether the column is computed from others (<c>GENERATED ALWAYS AS (…)</c>) and cannot be written.</param>
/// <param name="Identity">Whether the database numbers the column itself.</param>
/// <param name="Accepts">
/// The member types the provider writes into this column exactly (its type mapping, the same rules its sink checks
/// before the first batch), in <see cref="ColumnType"/> order. An enum member counts as its underlying type.
/// </param>
public sealed record SchemaColumn(
    string Name,
    string DatabaseType,
    bool IsNullable,
    string? Default,
    bool IsGenerated,
    SchemaIdentity Identity,
    IReadOnlyList<ColumnType> Accepts)
{
    /// <summary>Whether an insert that does not write the column still gives it a value (NULL, a default, a number, a computed value).</summary>
    public bool HasValueWhenUnwritten => IsNullable || Default is not null || IsGenerated || Identity != SchemaIdentity.None;

    /// <summary>Whether both describe the same column: every member equal, <see cref="Accepts"/> element by element.</summary>
    /// <param name="other">The other column.</param>
    public bool Equals(SchemaColumn? other) =>
        other is not null
        && Name == other.Name
        && DatabaseType == other.DatabaseType
        && IsNullable == other.IsNullable
        && Default == other.Default
        && IsGenerated == other.IsGenerated
        && Identity == other.Identity
        && SchemaLists.Equal(Accepts, other.Accepts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, DatabaseType, IsNullable, Default, IsGenerated, Identity, SchemaLists.Hash(Accepts));
}
