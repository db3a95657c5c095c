using BatchFlow.Snapshots;

namespace BatchFlow.Generators.Tests.Schema;

public sealed class SnapshotTextTests
{
    [Fact]
    public void What_is_written_reads_back_the_same_names_and_values_included_those_that_need_quotes()
    {
        var document = new SnapshotDocument("postgres", "15.8 (Debian 15.8-0+deb12u1)",
        [
            new SnapshotTable(
                "order lines",
                [
                    new SnapshotColumn("id", "bigint", notNull: true, @default: null, generated: false, identity: "by-default", ["Int64", "UInt32"]),
                    new SnapshotColumn("Name \"quoted\"", "character varying(20)", notNull: false, @default: "'a,b'::text", generated: false, identity: null, ["String"]),
                    new SnapshotColumn("tab\there", "tsvector", notNull: false, @default: null, generated: true, identity: null, []),
                    new SnapshotColumn("back\\slash\nnew", "text", notNull: true, @default: "now()", generated: false, identity: null, ["String"]),
                ],
                [
                    new SnapshotIndex("order lines_pkey", ["id"], primaryKey: true, partial: false, deferrable: false),
                    new SnapshotIndex("u", ["Name \"quoted\"", "id"], primaryKey: false, partial: true, deferrable: true),
                ]),
        ]);

        var text = SnapshotText.Write(document);
        var back = SnapshotText.Parse(text);

        Assert.Equal(text, SnapshotText.Write(back));
        Assert.Equal("postgres", back.Provider);
        Assert.Equal("15.8 (Debian 15.8-0+deb12u1)", back.Server);
        var table = Assert.Single(back.Tables);
        Assert.Equal("order lines", table.Name);
        Assert.Equal(["id", "Name \"quoted\"", "tab\there", "back\\slash\nnew"], table.Columns.Select(c => c.Name));
        Assert.Equal("'a,b'::text", table.Columns[1].Default);
        Assert.Equal("by-default", table.Columns[0].Identity);
        Assert.True(table.Columns[2].Generated);
        Assert.Empty(table.Columns[2].Accepts);
        Assert.Equal(["Int64", "UInt32"], table.Columns[0].Accepts);
        Assert.Equal(["Name \"quoted\"", "id"], table.Indexes[1].Columns);
        Assert.True(table.Indexes[1].Partial && table.Indexes[1].Deferrable && !table.Indexes[1].PrimaryKey);
        Assert.True(table.Indexes[0].PrimaryKey);
    }

    [Fact]
    public void The_written_text_is_one_item_per_line_with_bare_words_where_possible()
    {
        var document = new SnapshotDocument("sqlite", "3.46.1",
        [
            new SnapshotTable("users", [new SnapshotColumn("id", "INTEGER", true, null, false, "by-default", ["Int64"])], [new SnapshotIndex("pk", ["id"], true, false, false)]),
        ]);

        var lines = SnapshotText.Write(document).Split('\n');

        Assert.Contains("batchflow-schema 1", lines);
        Assert.Contains("provider sqlite", lines);
        Assert.Contains("server 3.46.1", lines);
        Assert.Contains("table users", lines);
        Assert.Contains("  column id type=INTEGER not-null identity=by-default accepts=Int64", lines);
        Assert.Contains("  primary-key pk columns=id", lines);
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("provider postgres\n", 1, "a snapshot starts with 'batchflow-schema 1'")]
    [InlineData("batchflow-schema 1\ntable t\n", 1, "no 'provider' line")]
    [InlineData("batchflow-schema 1\nprovider p\n  column a type=int\n", 3, "'column' before the first 'table' line")]
    [InlineData("batchflow-schema 1\nprovider p\ntable t\n  column a not-null\n", 4, "column 'a' has no type=")]
    [InlineData("batchflow-schema 1\nprovider p\ntable t\n  column a type=\"int\n", 4, "a quoted value is not closed")]
    [InlineData("batchflow-schema 1\nprovider p\ntable t\n  unique u partial\n", 4, "index 'u' has no columns=")]
    [InlineData("batchflow-schema 1\nprovider p\ntable t\n  column a type=int identity=sometimes\n", 4, "'identity' is not a column attribute this format knows")]
    [InlineData("batchflow-schema 1\nprovider p\nview v\n", 3, "'view' is not a line this format knows")]
    public void A_malformed_snapshot_names_its_line_and_problem(string text, int line, string problem)
    {
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotText.Parse(text));

        Assert.Equal(line, error.Line);
        Assert.StartsWith(problem, error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batchflow.schema", true)]
    [InlineData("/src/app/orders.batchflow.schema", true)]
    [InlineData("C:\\src\\BatchFlow.Schema", true)]
    [InlineData("/src/app/schema.txt", false)]
    [InlineData("/src/app/mybatchflow.schema", false)]
    public void Snapshots_are_found_by_file_name(string path, bool isSnapshot)
        => Assert.Equal(isSnapshot, SnapshotText.IsSnapshotPath(path));
}
