using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests.Flow;

/// <summary>End to end: generated flows writing into a real SQLite file.</summary>
public sealed class SqliteFlowTests
{
    private const string Accounts = """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            balance INTEGER NOT NULL CHECK (balance >= 0),
            note TEXT NOT NULL DEFAULT 'default');
        """;

    [Fact]
    public async Task Members_inherited_from_a_base_record_are_written_with_their_column_names_and_key()
    {
        using var db = new SqliteDatabase("CREATE TABLE notes (row_id INTEGER PRIMARY KEY, created_by TEXT NOT NULL, text TEXT NOT NULL)");
        await using (var flow = NoteFlow.Sqlite(db.ConnectionString))
        {
            await flow.SubmitAsync(new Note(1, "first"));
            await flow.SubmitAsync(new Note(2, "second") { CreatedBy = "ana" });
            await flow.SubmitAsync(new Note(1, "first, edited") { CreatedBy = "bo" });
        }

        Assert.Equal(["row_id", "created_by", "text"], NoteFlow.Table.Columns.Select(c => c.Name));
        Assert.Equal(
            [(1L, "bo", "first, edited"), (2L, "ana", "second")],
            db.Query("SELECT row_id, created_by, text FROM notes ORDER BY row_id", r => (r.GetInt64(0), r.GetString(1), r.GetString(2))));
    }

    [Fact]
    public async Task A_missing_table_reports_each_batch_whole_once_instead_of_row_by_row()
    {
        using var db = new SqliteDatabase("CREATE TABLE unrelated (x INTEGER)");
        var failures = new ConcurrentQueue<BatchFailure<PlainAccount>>();
        var options = new BatchFlowOptions<PlainAccount>
        {
            FlushSize = 200,
            LingerTime = TimeSpan.FromHours(1),
            OnFailure = f => { failures.Enqueue(f); return ValueTask.CompletedTask; },
        };
        await using (var flow = PlainAccountFlow.Sqlite(db.ConnectionString, options))
        {
            for (var id = 1; id <= 400; id++)
            {
                await flow.SubmitAsync(new PlainAccount(id, "n" + id, id));
            }
        }

        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal(200, f.Rows.Count);
            Assert.Equal(1, f.Attempts);
            Assert.Contains("no such table: accounts", Assert.IsType<BatchSchemaException>(f.Exception).Message, StringComparison.Ordinal);
        });
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), failures.SelectMany(f => f.Rows).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_row_violating_a_CHECK_constraint_fails_alone_and_the_rest_of_its_batch_commits()
    {
        using var db = new SqliteDatabase(Accounts);
        var failures = new ConcurrentQueue<BatchFailure<PlainAccount>>();
        var options = new BatchFlowOptions<PlainAccount>
        {
            FlushSize = 500,
            OnFailure = f => { failures.Enqueue(f); return ValueTask.CompletedTask; },
        };
        await using (var flow = PlainAccountFlow.Sqlite(db.ConnectionString, options))
        {
            for (var id = 1; id <= 500; id++)
            {
                await flow.SubmitAsync(new PlainAccount(id, "n" + id, id == 250 ? -1 : id));
            }
        }

        var failure = Assert.Single(failures);
        Assert.Equal(new PlainAccount(250, "n250", -1), Assert.Single(failure.Rows));
        var sqlite = Assert.IsType<SqliteException>(failure.Exception);
        Assert.Contains("CHECK", sqlite.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(499L, db.Scalar<long>("SELECT COUNT(*) FROM accounts"));
        Assert.Equal(0L, db.Scalar<long>("SELECT COUNT(*) FROM accounts WHERE id = 250"));
    }
}
