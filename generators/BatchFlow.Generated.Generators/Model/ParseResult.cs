namespace BatchFlow.Generators.Model;

/// <summary>What the parser made of one <c>[BatchTable]</c> type: a spec when it can be generated, and its diagnostics.</summary>
/// <param name="Spec">The spec, or null when the type has errors (then <paramref name="Diagnostics"/> says why).</param>
/// <param name="Diagnostics">Everything wrong with the type.</param>
/// <param name="Names">The table and column names with where they are written, for the rules of each referenced provider.</param>
/// <param name="Schema">What the schema snapshot check needs, with locations; null when the type has errors.</param>
internal sealed record ParseResult(TableSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<NameSite> Names, SchemaFacts? Schema = null)
{
    public static ParseResult Nothing { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<NameSite>.Empty);
}
