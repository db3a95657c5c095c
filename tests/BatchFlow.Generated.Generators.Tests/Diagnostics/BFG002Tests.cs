namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG002Tests
{
    [Fact]
    public void A_member_of_an_unsupported_type_is_reported_at_its_name()
        => DiagnosticAssert.Reports(
            """
            using System.Collections.Generic;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, List<string> [|Tags|]);
            """,
            "BFG002",
            "Member 'Tags' has type 'System.Collections.Generic.List<string>', which no column type matches; use a supported type or mark the member [BatchIgnore]");

    [Theory]
    [InlineData("object", "object")]
    [InlineData("int[]", "int[]")]
    [InlineData("System.Uri", "System.Uri")]
    [InlineData("System.Half", "System.Half")]
    [InlineData("(int, int)", "(int, int)")]
    [InlineData("byte[,]", "byte[*,*]")]
    [InlineData("System.DateTime[]", "System.DateTime[]")]
    public void Types_with_no_column_type_are_reported(string type, string display)
        => DiagnosticAssert.Reports(
            $$"""
            using BatchFlow;
            namespace App;

            [BatchTable("things")]
            public partial class Thing
            {
                public long Id { get; set; }
                public {{type}} [|Value|] { get; set; } = default!;
            }
            """,
            "BFG002",
            $"Member 'Value' has type '{display}', which no column type matches; use a supported type or mark the member [BatchIgnore]");

    [Fact]
    public void An_unsupported_member_marked_BatchIgnore_is_not_reported()
        => DiagnosticAssert.Clean("""
            using System.Collections.Generic;
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User(long Id, [BatchIgnore] List<string> Tags);
            """);
}
