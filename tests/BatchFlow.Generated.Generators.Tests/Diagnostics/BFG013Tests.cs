using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG013Tests
{
    [Fact]
    public void A_table_the_snapshot_lacks_is_reported_at_the_table_name_with_the_nearest_name()
        => SchemaAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable([|"user"|])]
            public partial record User(long Id, string Name);
            """,
            SchemaAssert.Users,
            "BFG013",
            DiagnosticSeverity.Warning,
            "Table 'user' is not in the schema snapshot batchflow.schema (did you mean 'users'?); create it and pull the snapshot again, or fix the name");

    [Fact]
    public void A_name_far_from_every_table_gets_no_suggestion()
        => SchemaAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable([|"invoices"|])]
            public partial record Invoice(long Id);
            """,
            SchemaAssert.Users,
            "BFG013",
            DiagnosticSeverity.Warning,
            "Table 'invoices' is not in the schema snapshot batchflow.schema; create it and pull the snapshot again, or fix the name");

    [Fact]
    public void PostgreSQL_names_are_exact_so_a_case_difference_is_a_missing_table()
        => SchemaAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable([|"Users"|])]
            public partial record User(long Id, string Name);
            """,
            SchemaAssert.Users,
            "BFG013",
            DiagnosticSeverity.Warning,
            "Table 'Users' is not in the schema snapshot batchflow.schema (did you mean 'users'?); create it and pull the snapshot again, or fix the name");

    [Fact]
    public void Without_a_snapshot_nothing_is_checked()
    {
        var run = GeneratorHarness.Run(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("no_such_table")]
            public partial record Thing(long Id);
            """,
            [TestProvider.Postgres]);

        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
    }

    [Fact]
    public void A_file_that_is_not_named_as_a_snapshot_is_not_read()
    {
        var run = SchemaAssert.Run(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("no_such_table")]
            public partial record Thing(long Id);
            """,
            SchemaAssert.Users,
            "/project/schema.txt");

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void With_two_snapshots_a_table_in_either_one_is_found()
    {
        const string sqlite = """
            batchflow-schema 1
            provider sqlite
            server 3.46.1

            table events
              column id type=INTEGER not-null identity=by-default accepts=Boolean,Byte,SByte,Int16,UInt16,Int32,UInt32,Int64
              primary-key pk columns=id
            """;
        var run = GeneratorHarness.Run(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("events")]
            public partial record Event(long Id);
            """,
            [TestProvider.Postgres],
            additionalFiles: [new InMemoryAdditionalText(SchemaAssert.SnapshotPath, SchemaAssert.Users), new InMemoryAdditionalText("/project/local.batchflow.schema", sqlite)]);

        Assert.Empty(run.Diagnostics);
    }
}
