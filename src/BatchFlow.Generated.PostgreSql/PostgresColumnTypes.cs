using NpgsqlTypes;

namespace BatchFlow.PostgreSql;

/// <summary>
/// The <see cref="NpgsqlDbType"/> to write each column with, indexed by the column's position in
/// <see cref="TableShape.Columns"/>. The sink builds it once per flow from the table's real column types;
/// generated writers read it for the member types whose database type they cannot know:
/// <see cref="DateTime"/> (<c>timestamp</c> or <c>timestamptz</c>, <c>importer.Write(row.At, columns[3])</c>) and
/// <see cref="string"/> (<c>jsonb</c> has a binary format of its own; text, varchar, json and citext share text's).
/// A struct over a shared array: passing it allocates nothing.
/// </summary>
internal readonly struct PostgresColumnTypes : IEquatable<PostgresColumnTypes>
{
    private readonly NpgsqlDbType[]? _types;

    internal PostgresColumnTypes(NpgsqlDbType[] types) => _types = types;

    /// <summary>The number of columns.</summary>
    public int Count => _types?.Length ?? 0;

    /// <summary>The type to write the column at <paramref name="ordinal"/> with.</summary>
    /// <param name="ordinal">The column's position in <see cref="TableShape.Columns"/>.</param>
    /// <exception cref="IndexOutOfRangeException"><paramref name="ordinal"/> is not a column position.</exception>
    /// <exception cref="InvalidOperationException">The value was not created by a sink (it is <c>default</c>).</exception>
    public NpgsqlDbType this[int ordinal] => (_types ?? throw Uninitialized())[ordinal];

    /// <summary>Whether both values describe the same columns (the same instance).</summary>
    public static bool operator ==(PostgresColumnTypes left, PostgresColumnTypes right) => left.Equals(right);

    /// <summary>Whether the values describe different columns.</summary>
    public static bool operator !=(PostgresColumnTypes left, PostgresColumnTypes right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(PostgresColumnTypes other) => ReferenceEquals(_types, other._types);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PostgresColumnTypes other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _types is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_types);

    /// <inheritdoc />
    public override string ToString() => _types is null ? "(none)" : string.Join(", ", _types);

    private static InvalidOperationException Uninitialized() =>
        new("This PostgresColumnTypes is default: only a PostgresBatchSink creates one, from the table's column types.");
}
