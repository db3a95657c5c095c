namespace BatchFlow;

/// <summary>The tables of one database as a provider read them: what <c>batchflow schema pull</c> writes to a snapshot file. Equal when every member is (lists element by element).</summary>
/// <param name="Provider">The provider's name in snapshots (<c>sqlite</c>, <c>postgres</c>, <c>mysql</c>).</param>
/// <param name="ServerVersion">The server's version as it reports it (<c>15.8 (Debian 15.8-0+deb12u1)</c>, <c>10.11.6-MariaDB-0+deb12u1</c>, <c>3.46.1</c>).</param>
/// <param name="Tables">The tables, by name (ordinal order).</param>
public sealed record SchemaSnapshot(string Provider, string ServerVersion, IReadOnlyList<SchemaTable> Tables)
{
    /// <summary>Whether both describe the same database: the same provider, server version and tables, in the same order.</summary>
    /// <param name="other">The other snapshot.</param>
    public bool Equals(SchemaSnapshot? other) =>
        other is not null && Provider == other.Provider && ServerVersion == other.ServerVersion && SchemaLists.Equal(Tables, other.Tables);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Provider, ServerVersion, SchemaLists.Hash(Tables));

    /// <summary>The table named <paramref name="name"/> (ordinal comparison), or null.</summary>
    /// <param name="name">The table name, as the catalog spells it.</param>
    public SchemaTable? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var table in Tables)
        {
            if (string.Equals(table.Name, name, StringComparison.Ordinal))
            {
                return table;
            }
        }

        return null;
    }
}
