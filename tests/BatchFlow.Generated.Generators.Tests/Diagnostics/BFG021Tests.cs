using System.Globalization;
using BatchFlow.Generators.Tests.Schema;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests.Diagnostics;

public sealed class BFG021Tests
{
    [Fact]
    public void A_snapshot_that_does_not_follow_the_format_is_reported_at_its_line()
    {
        var broken = SchemaAssert.Users.Replace("  column name type=text", "  column name kind=text", StringComparison.Ordinal);

        var run = SchemaAssert.Run(SchemaAssert.MatchingUser, broken);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("BFG021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Schema snapshot 'batchflow.schema' cannot be read: line 7: 'kind' is not a column attribute this format knows; pull it again with 'batchflow schema pull'",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        var at = diagnostic.Location.GetLineSpan();
        Assert.Equal(SchemaAssert.SnapshotPath, at.Path);
        Assert.Equal(6, at.StartLinePosition.Line);
        Assert.NotEmpty(run.Sources);
    }

    [Fact]
    public void A_snapshot_of_another_format_version_is_refused()
    {
        var run = SchemaAssert.Run(SchemaAssert.MatchingUser, SchemaAssert.Users.Replace("batchflow-schema 1", "batchflow-schema 2", StringComparison.Ordinal));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("BFG021", diagnostic.Id);
        Assert.Contains("format version 2 is not one this version of BatchFlow.Generated reads (it reads 1)", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
