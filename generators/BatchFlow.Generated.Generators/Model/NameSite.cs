namespace BatchFlow.Generators.Model;

/// <summary>A table or column name and where the user wrote it (or the member it derives from).</summary>
/// <param name="Name">The name as it goes to the database.</param>
/// <param name="MemberName">The member a column name belongs to; null for the table name.</param>
/// <param name="Location">Where to report a problem with it.</param>
internal sealed record NameSite(string Name, string? MemberName, LocationInfo? Location);
