using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BatchFlow.Generators.Tests;

/// <summary>
/// Checks the one diagnostic a source produces. The expected location is marked in the source as <c>[|text|]</c>;
/// the markers are removed before compiling.
/// </summary>
internal static class DiagnosticAssert
{
    private const string Open = "[|";
    private const string Close = "|]";

    public static void Reports(string markup, string id, string message)
    {
        var (source, expected) = Parse(markup);
        var run = GeneratorHarness.Run(source);

        var diagnostic = run.SingleDiagnostic();
        AssertDiagnostic(diagnostic, source, expected, id, message);
    }

    internal static void AssertDiagnostic(Diagnostic diagnostic, string source, TextSpan expected, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal($"https://github.com/batchflow/BatchFlow.Generated/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);

        var lineSpan = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.SamplePath, lineSpan.Path);
        Assert.Equal(source[expected.Start..expected.End], source[diagnostic.Location.SourceSpan.Start..diagnostic.Location.SourceSpan.End]);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        Assert.Equal(SourceText.From(source).Lines.GetLinePositionSpan(expected), lineSpan.Span);
    }

    /// <summary>
    /// Checks the one diagnostic a source produces when <paramref name="providers"/> are referenced, for a rule of a
    /// provider: the flow is still generated (the rule is a provider's, not the model's), and the build fails on the error.
    /// </summary>
    public static void ReportsWith(IReadOnlyCollection<TestProvider> providers, string markup, string id, string message)
    {
        var (source, expected) = Parse(markup);
        var run = GeneratorHarness.Run(source, providers);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        AssertDiagnostic(diagnostic, source, expected, id, message);
    }

    /// <summary>
    /// Asserts that the source generates its flow with no diagnostic, and that the result compiles, with every
    /// combination of providers referenced.
    /// </summary>
    public static void Clean(string source)
    {
        foreach (var providers in ProviderSets.AllCombinations())
        {
            var run = GeneratorHarness.Run(source, providers);
            Assert.True(run.Diagnostics.IsEmpty, $"With {ProviderSets.Name(providers)}: {string.Join("; ", run.Diagnostics)}");
            Assert.NotEmpty(run.Sources);
            Assert.Empty(run.CompilationProblems().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    internal static (string Source, TextSpan Expected) Parse(string markup)
    {
        var start = markup.IndexOf(Open, StringComparison.Ordinal);
        var end = markup.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The test source must mark the expected location with [|...|].");
        var source = markup.Remove(end, Close.Length).Remove(start, Open.Length);
        return (source, TextSpan.FromBounds(start, end - Open.Length));
    }
}
