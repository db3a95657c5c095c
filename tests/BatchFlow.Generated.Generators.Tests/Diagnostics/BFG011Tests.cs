namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG011Tests
{
    [Fact]
    public void A_private_key_is_reported_at_the_member()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial class User
            {
                [BatchKey] private long [|Id|] { get; set; }
                public string Name { get; set; } = "";
            }
            """,
            "BFG011",
            "Member 'Id' is marked [BatchKey] but generated code cannot read it; give it a public or internal getter, or remove the attribute");

    [Fact]
    public void A_renamed_property_without_a_readable_getter_is_reported()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial class User
            {
                public long Id { get; set; }
                [BatchColumn("secret")] public string [|Secret|] { private get; set; } = "";
            }
            """,
            "BFG011",
            "Member 'Secret' is marked [BatchColumn] but generated code cannot read it; give it a public or internal getter, or remove the attribute");

    [Fact]
    public void A_renamed_private_field_is_reported()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial class User
            {
                public long Id { get; set; }
                [BatchColumn("note")] private string [|_note|] = "";
                public string Note => _note;
            }
            """,
            "BFG011",
            "Member '_note' is marked [BatchColumn] but generated code cannot read it; give it a public or internal getter, or remove the attribute");
}
