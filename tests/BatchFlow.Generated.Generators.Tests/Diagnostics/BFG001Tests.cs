namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG001Tests
{
    [Fact]
    public void A_type_that_is_not_partial_is_reported_at_its_name()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public record [|User|](long Id);
            """,
            "BFG001",
            "The type 'App.User' is marked [BatchTable] but is not declared partial; add the partial modifier to its declaration");

    [Fact]
    public void A_class_that_is_not_partial_is_reported()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            internal sealed class [|User|]
            {
                public long Id { get; set; }
            }
            """,
            "BFG001",
            "The type 'App.User' is marked [BatchTable] but is not declared partial; add the partial modifier to its declaration");

    [Fact]
    public void A_partial_type_is_not_reported()
        => DiagnosticAssert.Clean("""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id);
            """);
}
