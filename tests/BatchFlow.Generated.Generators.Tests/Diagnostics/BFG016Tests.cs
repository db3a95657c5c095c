using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG016Tests
{
    [Fact]
    public void A_key_with_no_unique_index_behind_it_is_reported_at_the_conflict_argument()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", [|Conflict.Update|])]
            public partial record User(long Id, [BatchKey] string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users,
            "BFG016",
            DiagnosticSeverity.Error,
            "Conflict.Update on table 'users' needs its primary key or a unique index on exactly the [BatchKey] columns (name), and the schema snapshot batchflow.schema has none; it has primary key 'users_pkey' (id), unique index 'users_email_key' (email); add one, or mark the columns of an existing one [BatchKey]");

    [Fact]
    public void A_unique_index_on_the_key_is_enough()
        => SchemaAssert.Clean(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", Conflict.Ignore)]
            public partial record User(long Id, string Name, [BatchKey] string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users);

    [Fact]
    public void A_partial_index_on_the_key_columns_cannot_decide_conflicts()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", [|Conflict.Ignore|])]
            public partial record User(long Id, [BatchKey] string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.UsersWith("unique users_active_name columns=name partial"),
            "BFG016",
            DiagnosticSeverity.Error,
            "Conflict.Ignore on table 'users' needs its primary key or a unique index on exactly the [BatchKey] columns (name), and the schema snapshot batchflow.schema has none; index 'users_active_name' has these columns but is partial, which a conflict clause cannot use; add one, or mark the columns of an existing one [BatchKey]");

    [Fact]
    public void A_deferrable_constraint_on_the_key_columns_cannot_decide_conflicts()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", [|Conflict.Replace|])]
            public partial record User(long Id, [BatchKey] string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.UsersWith("unique users_name_key columns=name deferrable"),
            "BFG016",
            DiagnosticSeverity.Error,
            "Conflict.Replace on table 'users' needs its primary key or a unique index on exactly the [BatchKey] columns (name), and the schema snapshot batchflow.schema has none; index 'users_name_key' has these columns but is deferrable, which a conflict clause cannot use; add one, or mark the columns of an existing one [BatchKey]");

    [Fact]
    public void A_composite_key_needs_an_index_on_exactly_its_columns_in_any_order()
    {
        const string snapshot = """
            batchflow-schema 1
            provider postgres
            server "15.8"

            table memberships
              column user_id type=bigint not-null accepts=Int64,UInt32
              column group_id type=bigint not-null accepts=Int64,UInt32
              column role type=text not-null accepts=String
              primary-key memberships_pkey columns=group_id,user_id
            """;
        SchemaAssert.Clean(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("memberships", Conflict.Update)]
            public partial record Membership([BatchKey] long UserId, [BatchKey] long GroupId, string Role);
            """,
            snapshot);
        SchemaAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("memberships", [|Conflict.Update|])]
            public partial record Membership([BatchKey] long UserId, long GroupId, string Role);
            """,
            snapshot,
            "BFG016",
            DiagnosticSeverity.Error,
            "Conflict.Update on table 'memberships' needs its primary key or a unique index on exactly the [BatchKey] columns (user_id), and the schema snapshot batchflow.schema has none; it has primary key 'memberships_pkey' (group_id, user_id); add one, or mark the columns of an existing one [BatchKey]");
    }

    [Fact]
    public void Conflict_None_needs_no_index()
        => SchemaAssert.Clean(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, [BatchKey] string Name, string? Email, DateTime CreatedAt);
            """,
            SchemaAssert.Users);
}
