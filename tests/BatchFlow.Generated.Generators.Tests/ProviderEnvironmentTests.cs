using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests;

/// <summary>
/// The generator knows no provider by name: it emits a factory for each <c>[assembly: BatchFlowProvider]</c> it
/// finds, in a referenced package or in the project itself.
/// </summary>
public sealed class ProviderEnvironmentTests
{
    /// <summary>A sink of the user's own, declared in the project: what a third-party provider package does too.</summary>
    private const string CustomProvider = """
        #pragma warning disable CS1591
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using BatchFlow;
        using BatchFlow.Sinks;

        [assembly: BatchFlowProvider("Csv", typeof(Acme.CsvSink<>), Destination = "into a CSV file", DisplayName = "CSV")]

        namespace Acme
        {
            public sealed class CsvSink<TRow> : IBatchSink<TRow>
            {
                /// <summary>Writes to a file.</summary>
                /// <param name="path">The file to append to.</param>
                /// <param name="table">The table.</param>
                /// <param name="separator">The field separator.</param>
                /// <param name="quoting">How fields are quoted.</param>
                public CsvSink(string path, TableDescription<TRow> table, char separator = ',', Quoting quoting = Quoting.Minimal) => Table = table;

                public CsvSink(System.IO.TextWriter output, TableDescription<TRow> table, Func<TRow, bool>? filter = null) => Table = table;

                // No table parameter: not a factory.
                public CsvSink(string path) => Table = null!;

                internal CsvSink(TableDescription<TRow> table, int hidden) => Table = table;

                public string Provider => "csv";
                public TableDescription<TRow> Table { get; }
                public ValueTask WriteAsync(ReadOnlyMemory<TRow> rows, CancellationToken cancellationToken) => default;
                public bool IsTransient(Exception exception) => false;
                public ValueTask DisposeAsync() => default;
            }

            public enum Quoting { Minimal, All }
        }
        """;

    public static TheoryData<string> ProviderCombinations => new(ProviderSets.AllCombinations().Select(ProviderSets.Name));

    [Theory]
    [MemberData(nameof(ProviderCombinations))]
    public void Each_referenced_provider_is_found_by_its_declaration_and_no_other(string providerSet)
    {
        var providers = ProviderSets.Parse(providerSet);
        var environment = Environment(Samples.User, providers);

        Assert.Equal(providers.SelectMany(ProviderSets.Factories).Order(StringComparer.Ordinal), environment.Providers.Select(p => p.FactoryName));
    }

    [Fact]
    public void The_declarations_of_our_providers_carry_their_sink_constructor_and_rules()
    {
        var environment = Environment(Samples.User, ProviderSets.Every);

        var postgres = environment.Providers.Single(p => p.FactoryName == "Postgres");
        Assert.Equal(("PostgreSQL", "global::BatchFlow.PostgreSql.PostgresBatchSink", 63), (postgres.DisplayName, postgres.SinkTypeName, postgres.MaxIdentifierBytes));
        var factory = Assert.Single(postgres.Factories);
        Assert.Equal(
            [("dataSource", "global::Npgsql.NpgsqlDataSource", false), ("table", "global::BatchFlow.TableDescription<{0}>", true)],
            factory.Parameters.Select(p => (p.Name, p.TypeTemplate, p.IsTable)));

        var mysql = environment.Providers.Single(p => p.FactoryName == "MySql");
        Assert.Equal(
            [("dataSource", "global::MySqlConnector.MySqlDataSource", false), ("table", "global::BatchFlow.TableDescription<{0}>", true)],
            Assert.Single(mysql.Factories).Parameters.Select(p => (p.Name, p.TypeTemplate, p.IsTable)));

        var sqlite = environment.Providers.Single(p => p.FactoryName == "Sqlite");
        Assert.Equal(0, sqlite.MaxIdentifierBytes);
        Assert.Equal(["connectionString", "table"], Assert.Single(sqlite.Factories).Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_sink_declared_in_the_project_gets_a_factory_per_public_constructor_that_takes_the_table()
    {
        var run = GeneratorHarness.Run(Samples.User, ProviderSets.None, CustomProvider);
        var source = run.SingleSource();

        Assert.Contains(
            "public static UserFlow Csv(string path, char separator = ',', global::Acme.Quoting quoting = (global::Acme.Quoting)(0), global::BatchFlow.BatchFlowOptions? options = null)",
            source,
            StringComparison.Ordinal);
        Assert.Contains("=> new UserFlow(new global::Acme.CsvSink<global::MyApp.User>(path, Table, separator, quoting), options);", source, StringComparison.Ordinal);
        Assert.Contains(
            "public static UserFlow Csv(global::System.IO.TextWriter output, global::System.Func<global::MyApp.User, bool>? filter = null, global::BatchFlow.BatchFlowOptions? options = null)",
            source,
            StringComparison.Ordinal);
        Assert.Equal(2, source.Split("public static UserFlow Csv(").Length - 1);
        Assert.Contains("rows into a CSV file.", source, StringComparison.Ordinal);
        Assert.Contains("<param name=\"options\">Settings; null for the CSV provider's defaults.</param>", source, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void A_custom_provider_sits_beside_ours()
    {
        var run = GeneratorHarness.Run(Samples.User, ProviderSets.Every, CustomProvider);
        var source = run.SingleSource();

        Assert.Equal(["Csv", "MySql", "Postgres", "RedisHash", "RedisJson", "RedisStream", "Sqlite"], Environment(run).Providers.Select(p => p.FactoryName));
        foreach (var factory in new[] { "Csv(", "MySql(", "Postgres(", "RedisHash(", "RedisJson(", "RedisStream(", "Sqlite(" })
        {
            Assert.Contains("public static UserFlow " + factory, source, StringComparison.Ordinal);
        }

        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void A_declaration_that_is_not_an_open_generic_sink_adds_nothing()
    {
        const string broken = """
            #pragma warning disable CS1591
            [assembly: BatchFlow.Sinks.BatchFlowProvider("Broken", typeof(string))]
            [assembly: BatchFlow.Sinks.BatchFlowProvider("not an identifier", typeof(System.Collections.Generic.List<>))]
            """;
        var with = GeneratorHarness.Run(Samples.User, ProviderSets.None, broken);

        Assert.Empty(Environment(with).Providers);
        Assert.Equal(GeneratorHarness.Run(Samples.User, ProviderSets.None).SingleSource(), with.SingleSource());
    }

    private static ProviderEnvironment Environment(string source, IReadOnlyCollection<TestProvider> providers) =>
        Environment(GeneratorHarness.Run(source, providers));

    private static ProviderEnvironment Environment(GeneratorRun run)
    {
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var step = Assert.Single(run.Result.Results.Single().TrackedSteps[BatchFlowGenerator.TrackingNames.Environment]);
        return Assert.IsType<ProviderEnvironment>(Assert.Single(step.Outputs).Value);
    }
}
