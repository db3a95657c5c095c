using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests;

public sealed class PipelineTests
{
    [Fact]
    public void Every_problem_of_a_type_is_reported_at_once_and_no_source_is_generated()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using BatchFlow;
            namespace App;

            [BatchTable(" users", Conflict.Ignore)]
            public record User(List<int> Scores, [BatchColumn("")] int Age);
            """);

        Assert.Equal(["BFG001", "BFG002", "BFG003", "BFG005", "BFG006"], run.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_broken_type_does_not_stop_the_flows_of_the_others()
    {
        var run = GeneratorHarness.Run("""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id);

            [BatchTable("orders")]
            public record Order(long Id);
            """);

        Assert.Equal("BFG001", Assert.Single(run.Diagnostics).Id);
        Assert.Equal("App.User.BatchFlow.g.cs", Assert.Single(run.Sources).HintName);
    }

    [Fact]
    public void A_type_marked_twice_across_partial_declarations_generates_once()
    {
        var run = GeneratorHarness.Run("""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id);

            [BatchTable("people")]
            public partial record User;
            """);

        // The compiler reports the repeated attribute; the generator neither crashes nor adds a second file.
        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS0579");
        Assert.Empty(run.Diagnostics);
        Assert.Contains("\"users\"", Assert.Single(run.Sources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Types_without_the_attribute_generate_nothing()
    {
        var run = GeneratorHarness.Run("""
            namespace App;

            public partial record User(long Id);
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_malformed_attribute_is_left_to_the_compiler()
    {
        var run = GeneratorHarness.Run("""
            using BatchFlow;
            namespace App;

            [BatchTable]
            public partial record User(long Id);
            """);

        Assert.Contains(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Id == "CS7036");
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
    }
}
