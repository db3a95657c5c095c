using System.Reflection;
using BatchFlow.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class DiagnosticCatalogueTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    private static readonly string[] s_warnings = ["BFG013", "BFG018", "BFG020"];

    public static TheoryData<string> Ids => [.. s_descriptors.Select(d => d.Id)];

    [Fact]
    public void Ids_are_unique_and_numbered_from_BFG001_without_gaps()
        => Assert.Equal(
            Enumerable.Range(1, s_descriptors.Length).Select(n => $"BFG{n:000}"),
            s_descriptors.Select(d => d.Id).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_its_severity_the_BatchFlow_category_and_its_help_page(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);

        // Errors, but for the schema checks that flag what may be intended: a table the snapshot lacks (pulled with
        // --table), a nullable member into a NOT NULL column, what Replace clears.
        Assert.Equal(s_warnings.Contains(id) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.Equal("BatchFlow", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal($"https://github.com/batchflow/BatchFlow.Generated/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

        var page = Path.Combine(TestPaths.RepositoryRoot, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing.");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        Assert.Contains($"**Severity:** {descriptor.DefaultSeverity} · **Category:** BatchFlow", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_is_listed_in_the_release_tracking_file(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);
        var releases = File.ReadAllLines(Path.Combine(
            TestPaths.RepositoryRoot, "generators", "BatchFlow.Generated.Generators", "AnalyzerReleases.Unshipped.md"));

        Assert.Contains($"{id} | BatchFlow | {descriptor.DefaultSeverity} | {descriptor.Title}", releases);
    }
}
