using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG019Tests
{
    [Fact]
    public void A_generated_column_written_is_reported_at_the_member()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", Conflict.Ignore)]
            public partial record User([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt, string? [|Search|]);
            """,
            SchemaAssert.UsersWith("column search type=text generated accepts=String"),
            "BFG019",
            DiagnosticSeverity.Error,
            "Member 'Search' writes column 'search' of table 'users', which is generated (computed from other columns) and refuses written values (schema snapshot batchflow.schema); mark the member [BatchIgnore]");

    [Fact]
    public void An_identity_column_generated_always_written_is_reported()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long [|Id|], string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users.Replace("column id type=bigint not-null accepts", "column id type=bigint not-null identity=always accepts", StringComparison.Ordinal),
            "BFG019",
            DiagnosticSeverity.Error,
            "Member 'Id' writes column 'id' of table 'users', which is an identity column GENERATED ALWAYS and refuses written values (schema snapshot batchflow.schema); mark the member [BatchIgnore]");

    [Fact]
    public void An_identity_column_by_default_may_be_written()
        => SchemaAssert.Clean(
            SchemaAssert.MatchingUser,
            SchemaAssert.Users.Replace("column id type=bigint not-null accepts", "column id type=bigint not-null identity=by-default accepts", StringComparison.Ordinal));
}
