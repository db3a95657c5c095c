namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG003Tests
{
    [Theory]
    [InlineData("Ignore")]
    [InlineData("Update")]
    [InlineData("Replace")]
    public void A_conflict_mode_without_any_key_is_reported_at_the_conflict_argument(string mode)
        => DiagnosticAssert.Reports(
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable("users", [|Conflict.{{mode}}|])]
            public partial record User(long Id, string Name);
            """,
            "BFG003",
            $"Table 'users' uses Conflict.{mode} but no member is marked [BatchKey]; mark the key members [BatchKey] or use Conflict.None");

    [Fact]
    public void A_named_conflict_argument_is_the_location()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable(name: "users", [|conflict: Conflict.Ignore|])]
            public partial record User(long Id);
            """,
            "BFG003",
            "Table 'users' uses Conflict.Ignore but no member is marked [BatchKey]; mark the key members [BatchKey] or use Conflict.None");

    [Fact]
    public void Conflict_None_needs_no_key()
        => DiagnosticAssert.Clean("""
            using BatchFlow;
            namespace App;

            [BatchTable("events", Conflict.None)]
            public partial record Event(string Message);
            """);
}
