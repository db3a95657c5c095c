namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG009Tests
{
    [Fact]
    public void A_key_on_an_ignored_parameter_is_reported_at_the_key_attribute()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial record User([[|BatchKey|], BatchIgnore] long Id, string Name);
            """,
            "BFG009",
            "Member 'Id' is marked both [BatchKey] and [BatchIgnore]; a key column has to be written, so remove one of the two attributes");

    [Fact]
    public void A_key_on_an_ignored_property_is_reported()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("users")]
            public partial class User
            {
                [BatchIgnore]
                [[|BatchKey|]]
                public long Id { get; set; }
                public string Name { get; set; } = "";
            }
            """,
            "BFG009",
            "Member 'Id' is marked both [BatchKey] and [BatchIgnore]; a key column has to be written, so remove one of the two attributes");
}
