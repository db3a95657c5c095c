using System.Globalization;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Schema;

/// <summary>Runs the generator with a schema snapshot as an <c>AdditionalFiles</c> item and checks what it reports.</summary>
internal static class SchemaAssert
{
    public const string SnapshotPath = "/project/batchflow.schema";

    /// <summary>A PostgreSQL snapshot of one table, <c>users</c>, that <see cref="MatchingUser"/> fits.</summary>
    public const string Users = """
        batchflow-schema 1
        provider postgres
        server "15.8"

        table users
          column id type=bigint not-null accepts=Int64,UInt32
          column name type=text not-null accepts=String
          column email type="character varying(200)" accepts=String
          column created_at type="timestamp with time zone" not-null default="now()" accepts=DateTime,DateTimeOffset
          primary-key users_pkey columns=id
          unique users_email_key columns=email
        """;

    public const string MatchingUser = """
        using System;
        using BatchFlow;
        namespace App;

        [BatchTable("users", Conflict.Ignore)]
        public partial record User([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
        """;

    public static GeneratorRun Run(string source, string snapshot, string path = SnapshotPath)
        => GeneratorHarness.Run(source, [TestProvider.Postgres], additionalFiles: [new InMemoryAdditionalText(path, snapshot)]);

    /// <summary>
    /// Checks the one diagnostic <paramref name="markup"/> gets against <paramref name="snapshot"/>, at the
    /// <c>[|…|]</c> marker; the flow is still generated (the snapshot check never stops generation).
    /// </summary>
    public static void Reports(string markup, string snapshot, string id, DiagnosticSeverity severity, string message)
    {
        var (source, expected) = DiagnosticAssert.Parse(markup);
        var run = Run(source, snapshot);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        DiagnosticAssert.AssertDiagnostic(diagnostic, source, expected, id, message, severity);
    }

    /// <summary>Asserts that <paramref name="source"/> fits <paramref name="snapshot"/>: no diagnostic, and the output compiles.</summary>
    public static void Clean(string source, string snapshot)
    {
        var run = Run(source, snapshot);
        Assert.True(run.Diagnostics.IsEmpty, string.Join("; ", run.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture))));
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationProblems().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>The users snapshot with <paramref name="extra"/> lines added to the table.</summary>
    public static string UsersWith(params string[] extra) => Users + "\n" + string.Join("\n", extra.Select(line => "  " + line)) + "\n";
}
