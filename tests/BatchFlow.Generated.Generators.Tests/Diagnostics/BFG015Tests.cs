using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG015Tests
{
    [Fact]
    public void A_member_type_the_column_does_not_accept_is_reported_at_the_member()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(int [|Id|], string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users,
            "BFG015",
            DiagnosticSeverity.Error,
            "Member 'Id' is Int32, but column 'id' of table 'users' is bigint, into which the postgres provider writes only Int64, UInt32 (schema snapshot batchflow.schema); change the member's type or the column's");

    [Fact]
    public void An_enum_is_judged_by_its_underlying_type()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            public enum Kind : short { A, B }

            [BatchTable("users")]
            public partial record User(Kind [|Id|], string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users,
            "BFG015",
            DiagnosticSeverity.Error,
            "Member 'Id' is an enum over Int16, but column 'id' of table 'users' is bigint, into which the postgres provider writes only Int64, UInt32 (schema snapshot batchflow.schema); change the member's type or the column's");

    [Fact]
    public void A_column_no_member_type_fits_says_so()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, string Name, string? Email, DateTime CreatedAt, string? [|Search|]);
            """,
            SchemaAssert.UsersWith("column search type=tsvector"),
            "BFG015",
            DiagnosticSeverity.Error,
            "Member 'Search' is String, but column 'search' of table 'users' is tsvector, into which the postgres provider writes no member type (schema snapshot batchflow.schema); change the member's type or the column's");

    [Fact]
    public void Every_type_the_snapshot_accepts_is_clean()
        => SchemaAssert.Clean(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(uint Id, string Name, string? Email, DateTimeOffset CreatedAt);
            """,
            SchemaAssert.Users);
}
