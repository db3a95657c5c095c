using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests;

public sealed class ProviderEnvironmentTests
{
    private const string ReservedProviders = """
        #pragma warning disable CS1591
        namespace BatchFlow.PostgreSql { public interface IPostgresRowWriter<T> { } }
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
    public void Reserved_providers_are_detected_by_their_row_writer_interfaces()
        => Assert.Equal(new ProviderEnvironment(false, true, true, true), Environment(Samples.User, withSqlite: false, ReservedProviders));

    [Fact]
    public void Reserved_providers_add_nothing_to_the_generated_code_yet()
    {
        var without = GeneratorHarness.Run(Samples.User, withSqlite: false).SingleSource();
        var with = GeneratorHarness.Run(Samples.User, withSqlite: false, ReservedProviders);

        Assert.Empty(with.CompilationProblems());
        Assert.Equal(without, with.SingleSource());
    }

    private static ProviderEnvironment Environment(string source, bool withSqlite, string? otherSource = null)
    {
        var run = GeneratorHarness.Run(source, withSqlite, otherSource);
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var step = Assert.Single(run.Result.Results.Single().TrackedSteps[BatchFlowGenerator.TrackingNames.Environment]);
        return Assert.IsType<ProviderEnvironment>(Assert.Single(step.Outputs).Value);
    }
}
