namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG004Tests
{
    [Fact]
    public void A_rename_onto_another_column_is_reported_at_the_rename_ignoring_case()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, [BatchColumn([|"ID"|])] long LegacyId);
            """,
            "BFG004",
            "Members 'Id' and 'LegacyId' both map to column 'ID' (databases compare column names without case); rename one with [BatchColumn] or mark it [BatchIgnore]");

    [Fact]
    public void Two_default_names_that_meet_are_reported_at_the_second_member()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial class User
            {
                public long UserId { get; set; }
                public long [|UserID|] { get; set; }
            }
            """,
            "BFG004",
            "Members 'UserId' and 'UserID' both map to column 'user_id' (databases compare column names without case); rename one with [BatchColumn] or mark it [BatchIgnore]");

    [Fact]
    public void Ignoring_one_of_the_two_members_resolves_it()
        => DiagnosticAssert.Clean("""
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, [BatchIgnore] long ID);
            """);
}
