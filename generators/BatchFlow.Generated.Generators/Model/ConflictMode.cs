namespace BatchFlow.Generators.Model;

/// <summary>Mirrors <c>BatchFlow.Conflict</c> value for value.</summary>
internal enum ConflictMode
{
    None = 0,
    Ignore = 1,
    Update = 2,
    Replace = 3,
}
