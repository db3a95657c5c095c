using System.Collections.Immutable;
using BatchFlow.PostgreSql;
using BatchFlow.Sqlite;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BatchFlow.Generators.Tests;

/// <summary>Compiles sample sources against the real runtime assemblies and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    public const string SamplePath = "Sample.cs";

    // Diagnose mode makes the compiler check the generated XML docs (CS1591 and friends) like a user's build would.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);

    public static MetadataReference CoreReference { get; } = MetadataReference.CreateFromFile(typeof(TableDescription<>).Assembly.Location);

    public static MetadataReference SqliteReference { get; } = MetadataReference.CreateFromFile(typeof(ISqliteRowWriter<>).Assembly.Location);

    /// <summary>The PostgreSQL provider and Npgsql, whose types its generated writer and factory name.</summary>
    public static ImmutableArray<MetadataReference> PostgresReferences { get; } =
    [
        MetadataReference.CreateFromFile(typeof(IPostgresRowWriter<>).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlDataSource).Assembly.Location),
    ];

    public static CSharpCompilation CreateCompilation(string source, bool withSqlite = true, string? otherSource = null, bool withPostgres = false)
        => CSharpCompilation.Create(
            "Sample",
            otherSource is null
                ? [CSharpSyntaxTree.ParseText(source, ParseOptions, path: SamplePath)]
                : [CSharpSyntaxTree.ParseText(source, ParseOptions, path: SamplePath), CSharpSyntaxTree.ParseText(otherSource, ParseOptions, path: "Other.cs")],
            References(withSqlite, withPostgres),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new BatchFlowGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(string source, bool withSqlite = true, string? otherSource = null, bool withPostgres = false)
    {
        var input = CreateCompilation(source, withSqlite, otherSource, withPostgres);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return new GeneratorRun(input, output, driver.GetRunResult());
    }

    /// <summary>The framework, the core, and each provider asked for.</summary>
    private static List<MetadataReference> References(bool withSqlite, bool withPostgres)
    {
        List<MetadataReference> references = [.. s_framework.Value, CoreReference];
        if (withSqlite)
        {
            references.Add(SqliteReference);
        }

        if (withPostgres)
        {
            references.AddRange(PostgresReferences);
        }

        return references;
    }

    /// <summary>
    /// The framework's own assemblies from the trusted platform list; the test's dependencies are on that list too,
    /// and are left out so that each test chooses which BatchFlow assemblies the sample sees.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var list = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return [.. list.Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path))];
    }
}

/// <summary>One generator run: what went in, what came out, and what the generator reported.</summary>
internal sealed record GeneratorRun(CSharpCompilation Input, Compilation Output, GeneratorDriverRunResult Result)
{
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    public ImmutableArray<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

    /// <summary>The text of the one file generated, failing when there is not exactly one.</summary>
    public string SingleSource()
    {
        Assert.Empty(Diagnostics);
        return Assert.Single(Sources).SourceText.ToString();
    }

    /// <summary>Errors and warnings of the compilation with the generated code added.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems()
        => [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    public Diagnostic SingleDiagnostic()
    {
        var diagnostic = Assert.Single(Diagnostics);
        Assert.Empty(Sources);
        return diagnostic;
    }
}
