using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Names = BatchFlow.Generators.BatchFlowGenerator.TrackingNames;

namespace BatchFlow.Generators.Tests.Schema;

/// <summary>The snapshot input of the pipeline: a snapshot edit re-runs only the check, a code edit keeps the check cached.</summary>
public sealed class SchemaIncrementalityTests
{
    private static GeneratorDriver Start(string snapshot, out CSharpCompilation compilation, out AdditionalText file)
    {
        compilation = GeneratorHarness.CreateCompilation(SchemaAssert.MatchingUser, [TestProvider.Postgres]);
        file = new InMemoryAdditionalText(SchemaAssert.SnapshotPath, snapshot);
        return GeneratorHarness.CreateDriver([file]).RunGenerators(compilation);
    }

    [Fact]
    public void Editing_the_snapshot_reruns_the_check_and_not_the_source()
    {
        var driver = Start(SchemaAssert.Users, out var compilation, out var file);
        var edited = new InMemoryAdditionalText(SchemaAssert.SnapshotPath, SchemaAssert.UsersWith("column tenant type=text not-null accepts=String"));

        var run = driver.ReplaceAdditionalText(file, edited).RunGenerators(compilation).GetRunResult();
        var result = run.Results.Single();

        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result, Names.Snapshots));
        Assert.Equal([IncrementalStepRunReason.Modified], Outputs(result, Names.SchemaChecks));
        Assert.All(Outputs(result, Names.Tables), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.All(Outputs(result, Names.Sources), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.Equal("BFG017", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void An_unrelated_code_edit_keeps_the_snapshot_and_the_check_cached()
    {
        var driver = Start(SchemaAssert.Users, out var compilation, out _);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace App; public class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(Outputs(result, Names.Snapshots), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.All(Outputs(result, Names.SchemaChecks), reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.NotEmpty(Outputs(result, Names.SchemaChecks));
    }

    [Fact]
    public void Editing_the_snapshot_without_changing_its_meaning_leaves_the_check_unchanged()
    {
        var driver = Start(SchemaAssert.Users, out var compilation, out var file);
        var comment = new InMemoryAdditionalText(SchemaAssert.SnapshotPath, "# pulled again, nothing changed\n" + SchemaAssert.Users);

        var result = driver.ReplaceAdditionalText(file, comment).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(Outputs(result, Names.Snapshots), reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.NotEmpty(Outputs(result, Names.SchemaChecks));
        Assert.All(Outputs(result, Names.SchemaChecks), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void Adding_a_snapshot_to_a_project_that_had_none_reports_against_it()
    {
        var compilation = GeneratorHarness.CreateCompilation(SchemaAssert.MatchingUser, [TestProvider.Postgres]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);

        var run = driver.AddAdditionalTexts([new InMemoryAdditionalText(SchemaAssert.SnapshotPath, SchemaAssert.UsersWith("column tenant type=text not-null accepts=String"))])
            .RunGenerators(compilation).GetRunResult();

        Assert.Equal("BFG017", Assert.Single(run.Diagnostics).Id);
    }

    private static List<IncrementalStepRunReason> Outputs(GeneratorRunResult result, string step)
        => result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList()
            : [];
}
