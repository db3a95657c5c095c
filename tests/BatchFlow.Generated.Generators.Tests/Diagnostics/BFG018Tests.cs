using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG018Tests
{
    [Fact]
    public void A_nullable_member_into_a_NOT_NULL_column_is_a_warning_at_the_member()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", Conflict.Ignore)]
            public partial record User([BatchKey] long Id, string? [|Name|], string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users,
            "BFG018",
            DiagnosticSeverity.Warning,
            "Member 'Name' can be null, but column 'name' of table 'users' is NOT NULL, so a row whose 'Name' is null fails (schema snapshot batchflow.schema); make the member non-nullable, or the column nullable");

    [Fact]
    public void A_nullable_value_type_counts_too()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", Conflict.Ignore)]
            public partial record User([BatchKey] long Id, string Name, string? Email, DateTime? [|CreatedAt|]);
            """,
            SchemaAssert.Users,
            "BFG018",
            DiagnosticSeverity.Warning,
            "Member 'CreatedAt' can be null, but column 'created_at' of table 'users' is NOT NULL, so a row whose 'CreatedAt' is null fails (schema snapshot batchflow.schema); make the member non-nullable, or the column nullable");
}
