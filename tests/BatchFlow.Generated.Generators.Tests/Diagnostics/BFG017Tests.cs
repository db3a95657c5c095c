using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG017Tests
{
    [Fact]
    public void A_NOT_NULL_column_without_a_default_that_no_member_writes_is_reported_at_the_type()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", Conflict.Ignore)]
            public partial record [|User|]([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.UsersWith("column tenant type=text not-null accepts=String"),
            "BFG017",
            DiagnosticSeverity.Error,
            "Column 'tenant' of table 'users' is NOT NULL and has no default, and the record writes no value to it, so every row would fail (schema snapshot batchflow.schema); add a member for it, or give the column a default");

    [Theory]
    [InlineData("column tenant type=text not-null default=\"'main'::text\" accepts=String")]
    [InlineData("column seq type=bigint not-null identity=by-default accepts=Int64")]
    [InlineData("column total type=bigint not-null generated")]
    [InlineData("column note type=text accepts=String")]
    public void A_column_that_gets_a_value_without_being_written_is_fine(string line)
        => SchemaAssert.Clean(SchemaAssert.MatchingUser, SchemaAssert.UsersWith(line));
}
