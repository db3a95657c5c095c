namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG007Tests
{
    [Fact]
    public void A_type_with_no_readable_member_is_reported_at_its_name()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("nothing")]
            public partial class [|Nothing|]
            {
                private int _hidden;
                public static int Shared { get; set; }
                public int Peek() => _hidden;
            }
            """,
            "BFG007",
            "The type 'App.Nothing' has no columns; give it at least one public or internal instance property or field that is not [BatchIgnore]");

    [Fact]
    public void A_record_whose_members_are_all_ignored_is_reported()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("nothing")]
            public partial record [|Nothing|]([BatchIgnore] int A, [BatchIgnore] string B);
            """,
            "BFG007",
            "The type 'App.Nothing' has no columns; give it at least one public or internal instance property or field that is not [BatchIgnore]");
}
