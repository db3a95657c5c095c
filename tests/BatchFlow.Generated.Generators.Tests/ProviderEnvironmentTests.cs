using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests;

public sealed class ProviderEnvironmentTests
{
    private const string ReservedProviders = """
        #pragma warning disable CS1591
        namespace BatchFlow.MySql { public interface IMySqlRowWriter<T> { } }
        namespace BatchFlow.Redis { public interface IRedisRowWriter<T> { } }
        """;

    [Fact]
    public void Sqlite_is_detected_from_its_row_writer_interface()
    {
        Assert.Equal(new ProviderEnvironment(true, false, false, false), Environment(Samples.User, withSqlite: true));
        Assert.Equal(new ProviderEnvironment(false, false, false, false), Environment(Samples.User, withSqlite: false));
    }

    [Fact]
    public void Postgres_is_detected_from_its_row_writer_interface()
    {
        Assert.Equal(new ProviderEnvironment(false, true, false, false), Environment(Samples.User, withSqlite: false, withPostgres: true));
        Assert.Equal(new ProviderEnvironment(true, true, false, false), Environment(Samples.User, withSqlite: true, withPostgres: true));
    }

    [Fact]
    public void Reserved_providers_are_detected_by_their_row_writer_interfaces()
        => Assert.Equal(new ProviderEnvironment(false, false, true, true), Environment(Samples.User, withSqlite: false, otherSource: ReservedProviders));

    [Fact]
    public void Reserved_providers_add_nothing_to_the_generated_code_yet()
    {
        var without = GeneratorHarness.Run(Samples.User, withSqlite: false).SingleSource();
        var with = GeneratorHarness.Run(Samples.User, withSqlite: false, ReservedProviders);

        Assert.Empty(with.CompilationProblems());
        Assert.Equal(without, with.SingleSource());
    }

    [Fact]
    public void The_postgres_factory_and_writer_are_emitted_only_when_the_provider_is_referenced()
    {
        var none = GeneratorHarness.Run(Samples.User, withSqlite: false).SingleSource();
        var sqlite = GeneratorHarness.Run(Samples.User).SingleSource();
        var postgres = GeneratorHarness.Run(Samples.User, withSqlite: false, withPostgres: true).SingleSource();
        var both = GeneratorHarness.Run(Samples.User, withPostgres: true).SingleSource();

        foreach (var without in new[] { none, sqlite })
        {
            Assert.DoesNotContain("Postgres", without, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", without, StringComparison.Ordinal);
        }

        foreach (var with in new[] { postgres, both })
        {
            Assert.Contains("public static UserFlow Postgres(global::Npgsql.NpgsqlDataSource dataSource, global::BatchFlow.BatchFlowOptions? options = null)", with, StringComparison.Ordinal);
            Assert.Contains("private sealed class PostgresWriter : global::BatchFlow.PostgreSql.IPostgresRowWriter<global::MyApp.User>", with, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Sqlite", postgres, StringComparison.Ordinal);
        Assert.Contains("public static UserFlow Sqlite(string connectionString", both, StringComparison.Ordinal);
    }

    private static ProviderEnvironment Environment(string source, bool withSqlite, string? otherSource = null, bool withPostgres = false)
    {
        var run = GeneratorHarness.Run(source, withSqlite, otherSource, withPostgres);
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var step = Assert.Single(run.Result.Results.Single().TrackedSteps[BatchFlowGenerator.TrackingNames.Environment]);
        return Assert.IsType<ProviderEnvironment>(Assert.Single(step.Outputs).Value);
    }
}
