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

    public static TheoryData<string> Ids => [.. s_descriptors.Select(d => d.Id)];

    [Fact]
    public void Ids_are_unique_and_numbered_from_BFG001_without_gaps()
        => Assert.Equal(
            Enumerable.Range(1, s_descriptors.Length).Select(n => $"BFG{n:000}"),
            s_descriptors.Select(d => d.Id).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_is_an_error_in_the_BatchFlow_category_with_its_help_page(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);

        Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.Equal("BatchFlow", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal($"https://github.com/batchflow/BatchFlow.Generated/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

        var page = Path.Combine(TestPaths.RepositoryRoot, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing.");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_is_listed_in_the_release_tracking_file(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);
        var releases = File.ReadAllLines(Path.Combine(
            TestPaths.RepositoryRoot, "generators", "BatchFlow.Generated.Generators", "AnalyzerReleases.Unshipped.md"));

        Assert.Contains($"{id} | BatchFlow | Error | {descriptor.Title}", releases);
    }
}
