namespace BatchFlow.Benchmarks;

/// <summary>
/// The categories that split the suites into the two runs docs/benchmarks/README.md describes:
/// <c>--anyCategories comparison</c> (the library against the limit and the alternatives, one run) and
/// <c>--anyCategories design</c> (measurements behind provider defaults and write paths, recorded in docs/adr).
/// </summary>
internal static class Suites
{
    /// <summary>Suites that put the library side by side with the raw paths and the alternatives.</summary>
    public const string Comparison = "comparison";

    /// <summary>Suites that measured a design choice (write path, batch size, concurrency).</summary>
    public const string Design = "design";
}
