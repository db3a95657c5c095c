using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG020Tests
{
    [Fact]
    public void Replace_names_the_unwritten_columns_without_a_default_that_it_clears()
        => SchemaAssert.Reports(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", [|Conflict.Replace|])]
            public partial record User([BatchKey] long Id, string Name, DateTime CreatedAt);
            """,
            SchemaAssert.UsersWith("column note type=text accepts=String", "column visits type=bigint not-null default=0 accepts=Int64"),
            "BFG020",
            DiagnosticSeverity.Warning,
            "Conflict.Replace makes an existing row of table 'users' exactly the new one: the columns the record does not write and that have no default (email, note) become NULL (schema snapshot batchflow.schema); write them, give them a default, or use Conflict.Update to keep them");

    [Fact]
    public void Update_keeps_unwritten_columns_and_is_not_reported()
        => SchemaAssert.Clean(
            """
            using System;
            using BatchFlow;
            namespace App;

            [BatchTable("users", Conflict.Update)]
            public partial record User([BatchKey] long Id, string Name, DateTime CreatedAt);
            """,
            SchemaAssert.UsersWith("column note type=text accepts=String"));
}
