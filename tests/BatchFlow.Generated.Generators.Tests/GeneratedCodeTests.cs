using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BatchFlow.Generators.Tests;

public sealed class GeneratedCodeTests
{
    public static TheoryData<string> SampleNames => ["User", "AllTypes", "Reading"];

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Generated_code_compiles_without_errors_or_warnings_when_no_provider_is_referenced(string sample)
    {
        var run = GeneratorHarness.Run(Source(sample), withSqlite: false);

        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        Assert.Empty(run.CompilationProblems());
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Generated_code_compiles_without_errors_or_warnings_with_sqlite_referenced(string sample)
    {
        var run = GeneratorHarness.Run(Source(sample));

        Assert.Empty(run.Diagnostics);
        Assert.Contains("ISqliteRowWriter", Assert.Single(run.Sources).SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void Generated_user_flow_has_no_object_values_reflection_or_boxing()
    {
        var run = GeneratorHarness.Run(Samples.User);
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("MyApp.User.BatchFlow.g.cs", StringComparison.Ordinal));
        var text = tree.ToString();

        Assert.DoesNotMatch(new Regex(@"\bobject\b", RegexOptions.IgnoreCase), text);
        foreach (var banned in new[] { "typeof", "System.Reflection", "GetType(", "Activator", "dynamic", "GetProperty", "Invoke(" })
        {
            Assert.DoesNotContain(banned, text, StringComparison.Ordinal);
        }

        var (visited, offenders) = FindObjectsAndBoxing(run.Output, tree);
        Assert.True(visited > 50, $"Only {visited} expressions were looked at.");
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_boxing_check_finds_boxing_and_object_values()
    {
        var compilation = GeneratorHarness.CreateCompilation("""
            public static class Boxes
            {
                public static object Box(int value) => value;
                public static string Show(long value) => string.Concat((object)value, "!");
            }
            """);
        var (_, offenders) = FindObjectsAndBoxing(compilation, compilation.SyntaxTrees.Single());

        Assert.Contains(offenders, o => o.Contains("boxing", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("object", StringComparison.Ordinal));
    }

    private static string Source(string sample) => sample switch
    {
        "User" => Samples.User,
        "AllTypes" => Samples.AllTypes,
        "Reading" => Samples.Reading,
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    /// <summary>Every expression typed or converted to <see cref="object"/>, and every boxing conversion, in one tree.</summary>
    private static (int Visited, List<string> Offenders) FindObjectsAndBoxing(Compilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        var offenders = new List<string>();
        var visited = 0;
        foreach (var expression in tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>())
        {
            visited++;
            var info = model.GetTypeInfo(expression);
            if (info.Type?.SpecialType == SpecialType.System_Object || info.ConvertedType?.SpecialType == SpecialType.System_Object)
            {
                offenders.Add($"object value: {expression}");
            }

            if (model.GetConversion(expression).IsBoxing)
            {
                offenders.Add($"boxing: {expression}");
            }
        }

        return (visited, offenders);
    }
}
