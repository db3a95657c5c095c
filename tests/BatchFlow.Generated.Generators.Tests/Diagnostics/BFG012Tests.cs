namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG012Tests
{
    [Theory]
    [InlineData("(Conflict)7", "7")]
    [InlineData("(Conflict)(-1)", "-1")]
    public void A_value_outside_the_Conflict_enum_is_reported_at_the_conflict_argument(string argument, string shown)
        => DiagnosticAssert.Reports(
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable("users", [|{{argument}}|])]
            public partial record User([BatchKey] long Id, string Name);
            """,
            "BFG012",
            $"Table 'users' uses conflict mode {shown}, which is not a Conflict value; use Conflict.None, Conflict.Ignore, Conflict.Update or Conflict.Replace");

    [Fact]
    public void A_named_conflict_argument_is_the_location()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable(name: "users", [|conflict: (Conflict)4|])]
            public partial record User(long Id);
            """,
            "BFG012",
            "Table 'users' uses conflict mode 4, which is not a Conflict value; use Conflict.None, Conflict.Ignore, Conflict.Update or Conflict.Replace");

    [Fact]
    public void Every_named_conflict_mode_is_accepted()
        => DiagnosticAssert.Clean("""
            using BatchFlow;
            namespace App;

            [BatchTable("a", Conflict.None)]
            public partial record A([BatchKey] long Id, string Name);

            [BatchTable("b", Conflict.Ignore)]
            public partial record B([BatchKey] long Id, string Name);

            [BatchTable("c", Conflict.Update)]
            public partial record C([BatchKey] long Id, string Name);

            [BatchTable("d", (Conflict)3)]
            public partial record D([BatchKey] long Id, string Name);
            """);
}
