using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG014Tests
{
    [Fact]
    public void A_misspelt_column_is_reported_at_the_member_with_the_nearest_column()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, string Name, string? [|Emial|], DateTime CreatedAt);
            """,
            SchemaAssert.Users,
            "BFG014",
            DiagnosticSeverity.Error,
            "Member 'Emial' writes column 'emial', which table 'users' does not have (schema snapshot batchflow.schema); rename it with [BatchColumn], add the column, or mark the member [BatchIgnore] (did you mean 'email'?)");

    [Fact]
    public void A_renamed_column_is_reported_at_its_BatchColumn_name()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, string Name, [BatchColumn([|"mail_address"|])] string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users,
            "BFG014",
            DiagnosticSeverity.Error,
            "Member 'Email' writes column 'mail_address', which table 'users' does not have (schema snapshot batchflow.schema); rename it with [BatchColumn], add the column, or mark the member [BatchIgnore]");

    [Fact]
    public void A_record_that_matches_its_table_builds_with_no_diagnostic()
        => SchemaAssert.Clean(SchemaAssert.MatchingUser, SchemaAssert.Users);

    [Fact]
    public void MySQL_and_SQLite_compare_column_names_without_case()
    {
        var snapshot = SchemaAssert.Users.Replace("provider postgres", "provider mysql", StringComparison.Ordinal).Replace("column email", "column EMAIL", StringComparison.Ordinal);
        SchemaAssert.Clean(SchemaAssert.MatchingUser, snapshot);
    }
}
