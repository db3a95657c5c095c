using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BatchFlow.Generators.Tests;

public sealed class GeneratedCodeTests
{
    public static TheoryData<string> SampleNames => ["User", "AllTypes", "Reading"];

    /// <summary>Every sample with every combination of providers, none included.</summary>
    public static TheoryData<string, string> SamplesAndProviders
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var sample in SampleNames)
            {
                foreach (var providers in ProviderSets.AllCombinations())
                {
                    data.Add(sample, ProviderSets.Name(providers));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SamplesAndProviders))]
    public void Generated_code_compiles_without_errors_or_warnings_with_the_factories_of_exactly_the_referenced_providers(string sample, string providerSet)
    {
        var providers = ProviderSets.Parse(providerSet);
        var run = GeneratorHarness.Run(Source(sample), providers);

        Assert.Empty(run.Diagnostics);
        var source = Assert.Single(run.Sources).SourceText.ToString();
        foreach (var provider in Enum.GetValues<TestProvider>())
        {
            foreach (var factory in ProviderSets.Factories(provider))
            {
                Assert.Equal(providers.Contains(provider), source.Contains($"public static {sample}Flow {factory}(", StringComparison.Ordinal));
            }
        }

        // One writer whatever is referenced, and no provider's types anywhere but in the factories.
        Assert.Single(Regex.Matches(source, "class RowWriter : global::BatchFlow.IRowWriter<"));
        var withoutFactories = Regex.Replace(source, @"(?m)(^ *///.*\n)*^ *public static \w+Flow (Sqlite|Postgres)\(.*\n.*\n", "");
        Assert.DoesNotMatch(@"Sqlite|Postgres|Npgsql", withoutFactories);
        Assert.Empty(run.CompilationProblems());
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Generated_flows_have_no_object_values_reflection_or_boxing(string sample)
    {
        var run = GeneratorHarness.Run(Source(sample), ProviderSets.Every);
        var tree = GeneratedTree(run);
        var text = tree.ToString();
        Assert.Contains("class RowWriter", text, StringComparison.Ordinal);

        Assert.DoesNotMatch(new Regex(@"\bobject\b", RegexOptions.IgnoreCase), text);
        foreach (var banned in new[] { "typeof", "System.Reflection", "GetType(", "Activator", "dynamic", "GetProperty", "Invoke(" })
        {
            Assert.DoesNotContain(banned, text, StringComparison.Ordinal);
        }

        var (visited, offenders) = FindObjectsAndBoxing(run.Output, tree);
        Assert.True(visited > 50, $"Only {visited} expressions were looked at.");
        Assert.Empty(offenders);
    }

    /// <summary>
    /// Statement <c>i</c> of the row writer writes column <c>i</c> of <c>Table</c>: its member, through the
    /// <c>IColumnWriter</c> method of its column type (an enum as its underlying integer), and a member that can be
    /// null (a <c>Nullable&lt;T&gt;</c> or any reference) writes null through <c>WriteNull</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(SampleNames))]
    public void The_row_writer_makes_one_typed_call_per_column_in_order_with_the_method_of_its_column_type(string sample)
    {
        var run = GeneratorHarness.Run(Source(sample), ProviderSets.None);
        var tree = GeneratedTree(run);
        var model = run.Output.GetSemanticModel(tree);
        var root = tree.GetRoot();
        var columns = root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Where(c => model.GetTypeInfo(c).Type?.Name == nameof(ColumnDescription))
            .Select(c => (
                Member: (string)model.GetConstantValue(c.ArgumentList!.Arguments[1].Expression).Value!,
                Type: (ColumnType)(int)model.GetConstantValue(c.ArgumentList.Arguments[2].Expression).Value!,
                IsEnum: c.ArgumentList.Arguments.Count > 5))
            .ToList();
        var write = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == "RowWriter")
            .Members.OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Write");
        var statements = write.Body!.Statements;

        Assert.NotEmpty(columns);
        Assert.Equal(columns.Count, statements.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var memberType = model.GetTypeInfo(root.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
                .First(m => m.Ancestors().Contains(statements[i]) && m.Expression.ToString() == "row")).Type!;
            var canBeNull = memberType.IsReferenceType || memberType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            var call = statements[i] switch
            {
                ExpressionStatementSyntax expression when !canBeNull => (InvocationExpressionSyntax)expression.Expression,
                IfStatementSyntax { Else.Statement: ExpressionStatementSyntax { Expression: InvocationExpressionSyntax orElse } } branch when canBeNull
                    && model.GetSymbolInfo(orElse).Symbol is IMethodSymbol { Name: "WriteNull", Parameters.Length: 0 }
                    && Regex.IsMatch(branch.Condition.ToString(), $@"^row\.@?{column.Member} is \{{ \}} value{i}$")
                    => (InvocationExpressionSyntax)((ExpressionStatementSyntax)branch.Statement).Expression,
                var other => throw new Xunit.Sdk.XunitException($"Statement {i} does not write column {column.Member} (can be null: {canBeNull}): {other}"),
            };

            var method = Assert.IsAssignableFrom<IMethodSymbol>(model.GetSymbolInfo(call).Symbol);
            Assert.Equal("global::BatchFlow.IColumnWriter", method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            Assert.Equal(column.Type == ColumnType.Binary ? "WriteBytes" : "Write" + column.Type, method.Name);

            var argument = call.ArgumentList.Arguments.Single().Expression;
            var reads = argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).ToList();
            Assert.Contains(canBeNull ? "value" + i : column.Member, reads);
            Assert.Equal(column.IsEnum, argument is CastExpressionSyntax);
            Assert.Equal(method.Parameters.Single().Type, model.GetTypeInfo(argument).Type, SymbolEqualityComparer.Default);
        }
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

    private static SyntaxTree GeneratedTree(GeneratorRun run)
    {
        Assert.Empty(run.Diagnostics);
        var hintName = Assert.Single(run.Sources).HintName;
        return run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal));
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
