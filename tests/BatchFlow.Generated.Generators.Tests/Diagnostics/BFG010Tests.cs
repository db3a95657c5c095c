namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG010Tests
{
    [Fact]
    public void A_nested_type_is_reported_at_its_name()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            public static partial class Outer
            {
                [BatchTable("inner")]
                public partial record [|Inner|](long Id);
            }
            """,
            "BFG010",
            "The type 'App.Outer.Inner' is nested in 'App.Outer', so no flow class can be generated for it; declare [BatchTable] types as non-generic, non-file-local types directly in a namespace");

    [Fact]
    public void A_generic_type_is_reported_at_its_name()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("boxes")]
            public partial record [|Box|]<T>(long Id);
            """,
            "BFG010",
            "The type 'App.Box<T>' is generic, so no flow class can be generated for it; declare [BatchTable] types as non-generic, non-file-local types directly in a namespace");

    [Fact]
    public void A_file_local_type_is_reported_at_its_name()
        => DiagnosticAssert.Reports(
            """
            using BatchFlow;
            namespace App;

            [BatchTable("secrets")]
            file partial record [|Secret|](long Id);
            """,
            "BFG010",
            "The type 'App.Secret' is file-local, so no flow class can be generated for it; declare [BatchTable] types as non-generic, non-file-local types directly in a namespace");
}
