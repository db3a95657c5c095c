using System.Text.RegularExpressions;
using BatchFlow.PostgreSql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NpgsqlTypes;

namespace BatchFlow.Generators.Tests;

public sealed class GeneratedCodeTests
{
    public static TheoryData<string> SampleNames => ["User", "AllTypes", "Reading"];

    /// <summary>Every sample with no provider, each provider alone, and both.</summary>
    public static TheoryData<string, bool, bool> SamplesAndProviders => new()
    {
        { "User", false, false }, { "AllTypes", false, false }, { "Reading", false, false },
        { "User", true, false }, { "AllTypes", true, false }, { "Reading", true, false },
        { "User", false, true }, { "AllTypes", false, true }, { "Reading", false, true },
        { "User", true, true }, { "AllTypes", true, true }, { "Reading", true, true },
    };

    [Theory]
    [MemberData(nameof(SamplesAndProviders))]
    public void Generated_code_compiles_without_errors_or_warnings_with_the_writers_of_exactly_the_referenced_providers(string sample, bool withSqlite, bool withPostgres)
    {
        var run = GeneratorHarness.Run(Source(sample), withSqlite, withPostgres: withPostgres);

        Assert.Empty(run.Diagnostics);
        var source = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Equal(withSqlite, source.Contains("ISqliteRowWriter", StringComparison.Ordinal));
        Assert.Equal(withPostgres, source.Contains("IPostgresRowWriter", StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems());
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Generated_flows_have_no_object_values_reflection_or_boxing_in_either_provider_writer(string sample)
    {
        var run = GeneratorHarness.Run(Source(sample), withSqlite: true, withPostgres: true);
        var tree = GeneratedTree(run);
        var text = tree.ToString();
        Assert.Contains("class SqliteWriter", text, StringComparison.Ordinal);
        Assert.Contains("class PostgresWriter", text, StringComparison.Ordinal);

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
    /// Statement <c>i</c> of the PostgreSQL writer writes column <c>i</c> of <c>Table</c>: its member, with
    /// <c>PostgresTypes.DbType</c> of its column type (a <c>DateTime</c> with <c>columns[i]</c>), through
    /// <c>NpgsqlBinaryImporter.Write&lt;T&gt;</c> with the CLR type Npgsql maps that type to, and a nullable member
    /// writes null through <c>WriteNull</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Postgres_writer_makes_one_typed_write_per_column_in_order_with_the_providers_db_type(string sample)
    {
        var run = GeneratorHarness.Run(Source(sample), withSqlite: false, withPostgres: true);
        var tree = GeneratedTree(run);
        var model = run.Output.GetSemanticModel(tree);
        var root = tree.GetRoot();
        var columns = root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Where(c => model.GetTypeInfo(c).Type?.Name == nameof(ColumnDescription))
            .Select(c => (
                Member: (string)model.GetConstantValue(c.ArgumentList!.Arguments[1].Expression).Value!,
                Type: (ColumnType)(int)model.GetConstantValue(c.ArgumentList.Arguments[2].Expression).Value!,
                IsNullable: (bool)model.GetConstantValue(c.ArgumentList.Arguments[3].Expression).Value!))
            .ToList();
        var write = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == "PostgresWriter")
            .Members.OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Write");
        var statements = write.Body!.Statements;

        Assert.NotEmpty(columns);
        Assert.Equal(columns.Count, statements.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var call = statements[i] switch
            {
                ExpressionStatementSyntax expression when !column.IsNullable => (InvocationExpressionSyntax)expression.Expression,
                IfStatementSyntax { Else.Statement: ExpressionStatementSyntax { Expression: InvocationExpressionSyntax orElse } } branch when column.IsNullable
                    && model.GetSymbolInfo(orElse).Symbol is IMethodSymbol { Name: "WriteNull", Parameters.Length: 0 }
                    && Regex.IsMatch(branch.Condition.ToString(), $@"^row\.@?{column.Member} is \{{ \}} value{i}$")
                    => (InvocationExpressionSyntax)((ExpressionStatementSyntax)branch.Statement).Expression,
                var other => throw new Xunit.Sdk.XunitException($"Statement {i} does not write column {column.Member} (nullable: {column.IsNullable}): {other}"),
            };

            var method = Assert.IsAssignableFrom<IMethodSymbol>(model.GetSymbolInfo(call).Symbol);
            Assert.Equal("global::Npgsql.NpgsqlBinaryImporter", method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            Assert.Equal("Write", method.Name);
            Assert.True(method.IsGenericMethod, $"Column {column.Member} is written through a non-generic overload.");
            Assert.Equal(["value", "npgsqlDbType"], method.Parameters.Select(p => p.Name));

            var arguments = call.ArgumentList.Arguments;
            var reads = arguments[0].Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).ToList();
            Assert.Contains(column.IsNullable ? "value" + i : column.Member, reads);

            NpgsqlDbType dbType;
            if (column.Type is ColumnType.DateTime or ColumnType.String)
            {
                // Their database type comes from the table: timestamp or timestamptz; text or jsonb.
                Assert.Equal($"columns[{i}]", arguments[1].Expression.ToString());
                dbType = PostgresTypes.DbType(column.Type);
            }
            else
            {
                dbType = (NpgsqlDbType)(int)model.GetConstantValue(arguments[1].Expression).Value!;
                Assert.Equal(PostgresTypes.DbType(column.Type), dbType);
            }

            var written = method.TypeArguments.Single();
            Assert.Equal(s_clrTypes[dbType], written.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
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

    /// <summary>The CLR type Npgsql reads and writes for each database type by default (docs/adr/0003).</summary>
    private static readonly Dictionary<NpgsqlDbType, string> s_clrTypes = new()
    {
        [NpgsqlDbType.Boolean] = "bool",
        [NpgsqlDbType.Smallint] = "short",
        [NpgsqlDbType.Integer] = "int",
        [NpgsqlDbType.Bigint] = "long",
        [NpgsqlDbType.Numeric] = "decimal",
        [NpgsqlDbType.Real] = "float",
        [NpgsqlDbType.Double] = "double",
        [NpgsqlDbType.Text] = "string",
        [NpgsqlDbType.Char] = "char",
        [NpgsqlDbType.Uuid] = "global::System.Guid",
        [NpgsqlDbType.Timestamp] = "global::System.DateTime",
        [NpgsqlDbType.TimestampTz] = "global::System.DateTimeOffset",
        [NpgsqlDbType.Date] = "global::System.DateOnly",
        [NpgsqlDbType.Time] = "global::System.TimeOnly",
        [NpgsqlDbType.Interval] = "global::System.TimeSpan",
        [NpgsqlDbType.Bytea] = "byte[]",
    };

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
