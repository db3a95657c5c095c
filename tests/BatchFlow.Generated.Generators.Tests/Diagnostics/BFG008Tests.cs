namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG008Tests
{
    [Fact]
    public void Update_with_only_key_columns_is_reported_at_the_conflict_argument()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("tags", [|Conflict.Update|])]
            public partial record Tag([BatchKey] string Name, [BatchKey] int Group);
            """,
            "BFG008",
            "Table 'tags' uses Conflict.Update but every column is part of the key, so there is nothing to update; use Conflict.Ignore or add a column that is not [BatchKey]");

    [Theory]
    [InlineData("Ignore")]
    [InlineData("Replace")]
    public void Other_modes_accept_a_table_of_key_columns_only(string mode)
        => DiagnosticAssert.Clean($$"""
            using BatchFlow;
            namespace App;

            [BatchTable("tags", Conflict.{{mode}})]
            public partial record Tag([BatchKey] string Name);
            """);
}
