using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG005Tests
{
    public static TheoryData<string, string, string> InvalidNames => new()
    {
        { "\"\"", "", "it is empty or only whitespace" },
        { "\"   \"", "   ", "it is empty or only whitespace" },
        { "null", "", "it is empty or only whitespace" },
        { "\" users\"", " users", "it starts or ends with whitespace" },
        { "\"users\\t\"", "users\\t", "it starts or ends with whitespace" },
        { "\"us\\0ers\"", "us\\0ers", "it contains a control character" },
        { "\"us\\u0007ers\"", "us\\aers", "it contains a control character" },
    };

    /// <summary>Names PostgreSQL would cut: an error only in projects that reference the PostgreSQL provider.</summary>
    public static TheoryData<string> TooLongForPostgres => [new string('t', 64), new string('é', 32)];

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void An_invalid_table_name_is_reported_at_the_name_argument(string literal, string shown, string problem)
        => DiagnosticAssert.Reports(
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable([|{{literal}}|])]
            public partial record User(long Id);
            """,
            "BFG005",
            $"Table name '{shown}' is invalid: {problem}");

    [Theory]
    [MemberData(nameof(TooLongForPostgres))]
    public void A_table_name_over_63_bytes_is_reported_when_PostgreSQL_is_referenced(string name)
        => DiagnosticAssert.ReportsWith(
            ProviderSets.Postgres,
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable([|"{{name}}"|])]
            public partial record User(long Id);
            """,
            "BFG005",
            $"Table name '{name}' is invalid: it is 64 bytes long in UTF-8, and PostgreSQL cuts names after 63 bytes without a word");

    [Theory]
    [MemberData(nameof(TooLongForPostgres))]
    public void A_table_name_over_63_bytes_is_no_error_without_PostgreSQL(string name)
    {
        var run = GeneratorHarness.Run($$"""
            using BatchFlow;
            namespace App;

            [BatchTable("{{name}}")]
            public partial record User(long Id);
            """, ProviderSets.Sqlite);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("users")]
    [InlineData("user accounts")]
    [InlineData("Ünïcödé_tåble")]
    [InlineData("ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt")]
    public void Valid_table_names_pass(string name)
        => DiagnosticAssert.Clean($$"""
            using BatchFlow;
            namespace App;

            [BatchTable("{{name}}")]
            public partial record User(long Id);
            """);
}
