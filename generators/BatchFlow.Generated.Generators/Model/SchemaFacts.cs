namespace BatchFlow.Generators.Model;

/// <summary>
/// What the schema check needs of one <c>[BatchTable]</c> type, with where to report each problem: produced only for a
/// type without errors, kept apart from the <see cref="TableSpec"/> so that a snapshot change re-runs only the check.
/// </summary>
/// <param name="TableName">The table name.</param>
/// <param name="Conflict">The conflict mode.</param>
/// <param name="TableLocation">The table name argument of <c>[BatchTable]</c>.</param>
/// <param name="ConflictLocation">The conflict argument, or the attribute when it has none.</param>
/// <param name="TypeLocation">The type's identifier.</param>
/// <param name="Columns">The written columns, in order.</param>
internal sealed record SchemaFacts(
    string TableName,
    ConflictMode Conflict,
    LocationInfo? TableLocation,
    LocationInfo? ConflictLocation,
    LocationInfo? TypeLocation,
    EquatableArray<SchemaColumnFacts> Columns);

/// <summary>One written column of a <see cref="SchemaFacts"/>.</summary>
/// <param name="ColumnName">The column name.</param>
/// <param name="MemberName">The member it reads from.</param>
/// <param name="Kind">The member's column type (an enum's underlying type).</param>
/// <param name="IsNullable">Whether the member can hold null.</param>
/// <param name="IsKey">Whether the member carries <c>[BatchKey]</c>.</param>
/// <param name="IsEnum">Whether the member is an enum written as its integer value.</param>
/// <param name="Location">The member (or its <c>[BatchColumn]</c> name).</param>
internal sealed record SchemaColumnFacts(string ColumnName, string MemberName, ColumnKind Kind, bool IsNullable, bool IsKey, bool IsEnum, LocationInfo? Location);
