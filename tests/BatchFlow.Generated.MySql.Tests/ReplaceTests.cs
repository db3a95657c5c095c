using BatchFlow.MySql.Tests.Support;

namespace BatchFlow.MySql.Tests;

/// <summary><see cref="Conflict.Replace"/> is not <c>REPLACE INTO</c>: it never deletes, so no delete trigger or cascade fires.</summary>
public sealed class ReplaceTests
{
    [Theory]
    [InlineData(100, null)]
    [InlineData(100, "Load")]
    [InlineData(100, "Insert")]
    [InlineData(1, null)]
    public async Task Replace_leaves_the_children_of_an_ON_DELETE_CASCADE_key_and_fires_no_delete_trigger(int batchSize, string? path)
    {
        await using var parents = await TestTable.CreateAsync("parents", "id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, note VARCHAR(20) NOT NULL DEFAULT 'fresh'");
        var children = TestDatabase.UniqueName("children");
        var deletes = TestDatabase.UniqueName("deletes");
        var trigger = TestDatabase.UniqueName("on_delete");
        parents.DropAlso(children);
        parents.DropAlso(deletes);
        await TestDatabase.ExecuteAsync(
            $"CREATE TABLE `{children}` (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, FOREIGN KEY (parent_id) REFERENCES {parents.Quoted} (id) ON DELETE CASCADE); " +
            $"CREATE TABLE `{deletes}` (parent_id BIGINT NOT NULL); " +
            $"CREATE TRIGGER `{trigger}` AFTER DELETE ON {parents.Quoted} FOR EACH ROW INSERT INTO `{deletes}` VALUES (OLD.id)");

        var table = parents.Describe(ReplaceParentFlow.Table);
        var options = new BatchFlowOptions { FlushSize = batchSize, LingerTime = TimeSpan.FromHours(1) };
        await using (var flow = new BatchFlow<ReplaceParent>(Sink(parents, table, path), options))
        {
            for (var id = 1; id <= 100; id++)
            {
                await flow.SubmitAsync(new ReplaceParent(id, "first"));
            }
        }

        await TestDatabase.ExecuteAsync($"UPDATE {parents.Quoted} SET note = 'edited'; INSERT INTO `{children}` SELECT id, id FROM {parents.Quoted}");
        await using (var flow = new BatchFlow<ReplaceParent>(Sink(parents, table, path), options))
        {
            for (var id = 1; id <= 100; id++)
            {
                await flow.SubmitAsync(new ReplaceParent(id, "second"));
            }
        }

        Assert.Equal(100, await TestDatabase.ScalarAsync<long>($"SELECT COUNT(*) FROM `{children}`"));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>($"SELECT COUNT(*) FROM `{deletes}`"));

        // The row is exactly the new one: the written column replaced, the unwritten one back to its default.
        var stored = await TestDatabase.QueryAsync($"SELECT id, name, note FROM {parents.Quoted} ORDER BY id", r => (r.GetInt64(0), r.GetString(1), r.GetString(2)));
        Assert.Equal(Enumerable.Range(1, 100).Select(id => ((long)id, "second", "fresh")), stored);
    }

    private static MySqlBatchSink<ReplaceParent> Sink(TestTable parents, TableDescription<ReplaceParent> table, string? path) =>
        new(parents.DataSource, table) { ForcedPath = path is null ? null : Enum.Parse<MySqlWritePath>(path) };
}
