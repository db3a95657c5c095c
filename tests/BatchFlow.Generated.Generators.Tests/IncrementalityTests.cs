using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Names = BatchFlow.Generators.BatchFlowGenerator.TrackingNames;

namespace BatchFlow.Generators.Tests;

public sealed class IncrementalityTests
{
    private static readonly string[] s_trackedSteps = [Names.Tables, Names.Specs, Names.Environment, Names.Sources, Names.Diagnostics, Names.ProviderRules];

    public static TheoryData<string> ProviderCombinations => new(ProviderSets.AllCombinations().Select(ProviderSets.Name));

    [Fact]
    public void Running_twice_on_the_same_compilation_reuses_every_step()
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.User);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var step in s_trackedSteps)
        {
            Assert.All(Outputs(result, step), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        }

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Theory]
    [MemberData(nameof(ProviderCombinations))]
    public void An_unrelated_edit_keeps_every_step_cached(string providers)
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.User, ProviderSets.Parse(providers));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace MyApp; public class Unrelated { public int Value { get; set; } }",
            GeneratorHarness.ParseOptions,
            path: "Unrelated.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in s_trackedSteps)
        {
            Assert.All(Outputs(result, step), reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        }

        Assert.All(Outputs(result, Names.Sources), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void Renaming_a_column_regenerates_the_source()
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.User);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = Edit(compilation, Samples.User.Replace("string Name", "[BatchColumn(\"user_name\")] string Name", StringComparison.Ordinal));

        var run = driver.RunGenerators(edited).GetRunResult();
        var result = run.Results.Single();

        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result, Names.Tables));
        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result, Names.Specs));
        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result, Names.Sources));
        Assert.Contains("\"user_name\"", Assert.Single(result.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_code_within_a_file_updates_diagnostics_without_regenerating_source()
    {
        const string source = """
            using BatchFlow;
            namespace MyApp;

            [BatchTable("users")]
            public partial record User(long Id);

            [BatchTable("broken", Conflict.Ignore)]
            public partial record Broken(long Id);
            """;
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var result = driver.RunGenerators(Edit(compilation, "// a comment that moves everything down a line\n" + source)).GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Outputs(result, Names.Diagnostics));
        Assert.All(Outputs(result, Names.Sources), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BFG003", diagnostic.Id);
        Assert.Equal(7, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    private static Compilation Edit(Compilation compilation, string newSource)
    {
        var tree = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(newSource)));
    }

    private static IncrementalStepRunReason[] Outputs(GeneratorRunResult result, string step)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out var runs), $"Step {step} was not tracked.");
        IncrementalStepRunReason[] reasons = [.. runs.SelectMany(r => r.Outputs).Select(o => o.Reason)];
        Assert.NotEmpty(reasons);
        return reasons;
    }
}
