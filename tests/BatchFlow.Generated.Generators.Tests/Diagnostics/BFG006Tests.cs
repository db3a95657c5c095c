using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG006Tests
{
    [Theory]
    [InlineData("\"\"", "", "it is empty or only whitespace")]
    [InlineData("\"first name \"", "first name ", "it starts or ends with whitespace")]
    [InlineData("\"na\\0me\"", "na\\0me", "it contains a control character")]
    [InlineData("\"na\\nme\"", "na\\nme", "it contains a control character")]
    public void An_invalid_rename_is_reported_at_the_name_argument(string literal, string shown, string problem)
        => DiagnosticAssert.Reports(
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, [BatchColumn([|{{literal}}|])] string Name);
            """,
            "BFG006",
            $"Column name '{shown}' of member 'Name' is invalid: {problem}");

    private static readonly string s_longMember = string.Concat(Enumerable.Repeat("Word", 13));

    private static string LongMemberSource => $$"""
        using BatchFlow;
        namespace App;

        [BatchTable("users")]
        public partial class User
        {
            public long Id { get; set; }
            public int {{s_longMember}} { get; set; }
        }
        """;

    [Fact]
    public void A_member_name_whose_snake_case_is_too_long_for_PostgreSQL_is_reported_at_the_member_when_PostgreSQL_is_referenced()
    {
        var member = s_longMember;
        var column = string.Join("_", Enumerable.Repeat("word", 13));
        DiagnosticAssert.ReportsWith(
            ProviderSets.Every,
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial class User
            {
                public long Id { get; set; }
                public int [|{{member}}|] { get; set; }
            }
            """,
            "BFG006",
            $"Column name '{column}' of member '{member}' is invalid: it is 64 bytes long in UTF-8, and PostgreSQL cuts names after 63 bytes without a word");
    }

    [Fact]
    public void A_64_byte_column_name_is_no_error_without_PostgreSQL()
    {
        var run = GeneratorHarness.Run(LongMemberSource, ProviderSets.Sqlite);

        Assert.Empty(run.Diagnostics);
        Assert.Contains("\"" + string.Join("_", Enumerable.Repeat("word", 13)) + "\"", Assert.Single(run.Sources).SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_long_member_name_can_be_renamed_to_a_valid_column()
        => DiagnosticAssert.Clean($$"""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, [BatchColumn("short")] int {{string.Concat(Enumerable.Repeat("Word", 13))}});
            """);
}
