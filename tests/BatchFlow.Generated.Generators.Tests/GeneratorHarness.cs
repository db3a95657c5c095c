using System.Collections.Immutable;
using BatchFlow.MySql;
using BatchFlow.PostgreSql;
using BatchFlow.Redis;
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

    /// <summary>What a project references for each provider: the provider package and the driver its factory names.</summary>
    private static readonly Dictionary<TestProvider, MetadataReference[]> s_providerReferences = new()
    {
        [TestProvider.Sqlite] = [WithDocumentation(typeof(SqliteBatchSink<>).Assembly.Location)],
        [TestProvider.Postgres] =
        [
            WithDocumentation(typeof(PostgresBatchSink<>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlDataSource).Assembly.Location),
        ],
        [TestProvider.MySql] =
        [
            WithDocumentation(typeof(MySqlBatchSink<>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(MySqlConnector.MySqlDataSource).Assembly.Location),
        ],
        [TestProvider.Redis] =
        [
            WithDocumentation(typeof(RedisHashSink<>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(StackExchange.Redis.IConnectionMultiplexer).Assembly.Location),
        ],
    };

    /// <summary>The providers a run references when a test does not say: SQLite, the embedded default.</summary>
    public static IReadOnlyCollection<TestProvider> DefaultProviders { get; } = [TestProvider.Sqlite];

    public static CSharpCompilation CreateCompilation(string source, IReadOnlyCollection<TestProvider>? providers = null, string? otherSource = null)
        => CSharpCompilation.Create(
            "Sample",
            otherSource is null
                ? [CSharpSyntaxTree.ParseText(source, ParseOptions, path: SamplePath)]
                : [CSharpSyntaxTree.ParseText(source, ParseOptions, path: SamplePath), CSharpSyntaxTree.ParseText(otherSource, ParseOptions, path: "Other.cs")],
            References(providers ?? DefaultProviders),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalFiles = null)
        => CSharpGeneratorDriver.Create(
            [new BatchFlowGenerator().AsSourceGenerator()],
            additionalTexts: additionalFiles,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(string source, IReadOnlyCollection<TestProvider>? providers = null, string? otherSource = null, IEnumerable<AdditionalText>? additionalFiles = null)
    {
        var input = CreateCompilation(source, providers, otherSource);
        var driver = CreateDriver(additionalFiles).RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return new GeneratorRun(input, output, driver.GetRunResult());
    }

    /// <summary>A reference with its XML documentation beside it, as a package gives it to a user's build.</summary>
    private static MetadataReference WithDocumentation(string path)
        => MetadataReference.CreateFromFile(path, documentation: XmlFileDocumentation.For(path));

    /// <summary>The framework, the core, and each provider asked for.</summary>
    private static List<MetadataReference> References(IReadOnlyCollection<TestProvider> providers)
    {
        List<MetadataReference> references = [.. s_framework.Value, CoreReference];
        foreach (var provider in providers)
        {
            references.AddRange(s_providerReferences[provider]);
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
