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
    public async Task Eight_producers_of_100_000_rows_each_end_with_exactly_800_000_rows_each_key_once()
    {
        using var db = new SqliteDatabase(Accounts);
        var flow = PlainAccountFlow.Sqlite(db.ConnectionString);
        const int producers = 8, perProducer = 100_000;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                var id = ((long)p * perProducer) + i + 1;
                await flow.SubmitAsync(new PlainAccount(id, "p" + p, i));
            }
        })));

        await flow.DisposeAsync();
        Assert.Equal(800_000L, db.Scalar<long>("SELECT COUNT(*) FROM accounts"));
        Assert.Equal(800_000L, db.Scalar<long>("SELECT COUNT(DISTINCT id) FROM accounts"));
        Assert.Equal(800_000L * 800_001 / 2, db.Scalar<long>("SELECT SUM(id) FROM accounts"));
    }

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

    [Fact]
    public async Task Conflict_None_reports_a_duplicate_key_inside_a_batch_and_across_batches()
    {
        using var db = new SqliteDatabase(Accounts);
        db.Execute("INSERT INTO accounts (id, name, balance) VALUES (1, 'existing', 1)");
        var failed = new ConcurrentQueue<PlainAccount>();
        var options = new BatchFlowOptions<PlainAccount>
        {
            FlushSize = 10,
            OnFailure = f => { foreach (var r in f.Rows) { failed.Enqueue(r); } return ValueTask.CompletedTask; },
        };
        await using (var flow = PlainAccountFlow.Sqlite(db.ConnectionString, options))
        {
            await flow.SubmitAsync(new PlainAccount(1, "across", 5));
            await flow.SubmitAsync(new PlainAccount(2, "first", 5));
            await flow.SubmitAsync(new PlainAccount(2, "inside", 6));
            await flow.SubmitAsync(new PlainAccount(3, "fine", 7));
        }

        Assert.Equal(["across", "inside"], failed.Select(r => r.Name).Order());
        Assert.Equal([(1L, "existing"), (2L, "first"), (3L, "fine")], Names(db));
    }

    [Fact]
    public async Task Conflict_Ignore_keeps_existing_rows_and_the_first_duplicate_of_a_batch()
    {
        using var db = new SqliteDatabase(Accounts);
        await using (var flow = IgnoreAccountFlow.Sqlite(db.ConnectionString, new BatchFlowOptions { FlushSize = 3 }))
        {
            await flow.SubmitAsync(new IgnoreAccount(1, "a1", 1));
            await flow.SubmitAsync(new IgnoreAccount(1, "a2", 2));   // same batch: ignored
            await flow.SubmitAsync(new IgnoreAccount(2, "b1", 1));
            await flow.FlushAsync();
            await flow.SubmitAsync(new IgnoreAccount(2, "b2", 2));   // next batch: ignored
            await flow.SubmitAsync(new IgnoreAccount(3, "c1", 3));
        }

        Assert.Equal([(1L, "a1"), (2L, "b1"), (3L, "c1")], Names(db));
    }

    [Fact]
    public async Task Conflict_Update_overwrites_non_key_columns_with_the_last_duplicate_and_keeps_other_columns()
    {
        using var db = new SqliteDatabase(Accounts);
        db.Execute("INSERT INTO accounts (id, name, balance, note) VALUES (1, 'old', 0, 'custom')");
        await using (var flow = UpdateAccountFlow.Sqlite(db.ConnectionString, new BatchFlowOptions { FlushSize = 3 }))
        {
            await flow.SubmitAsync(new UpdateAccount(1, "x1", 10));
            await flow.SubmitAsync(new UpdateAccount(1, "x2", 20));  // same batch: last wins
            await flow.SubmitAsync(new UpdateAccount(2, "y1", 1));
            await flow.FlushAsync();
            await flow.SubmitAsync(new UpdateAccount(2, "y2", 2));   // next batch: updates
        }

        Assert.Equal([(1L, "x2"), (2L, "y2")], Names(db));
        Assert.Equal(20L, db.Scalar<long>("SELECT balance FROM accounts WHERE id = 1"));
        Assert.Equal("custom", db.Scalar<string>("SELECT note FROM accounts WHERE id = 1"));
    }

    [Fact]
    public async Task Conflict_Replace_makes_the_row_exactly_the_new_one()
    {
        using var db = new SqliteDatabase(Accounts);
        db.Execute("INSERT INTO accounts (id, name, balance, note) VALUES (1, 'old', 0, 'custom')");
        await using (var flow = ReplaceAccountFlow.Sqlite(db.ConnectionString, new BatchFlowOptions { FlushSize = 3 }))
        {
            await flow.SubmitAsync(new ReplaceAccount(1, "r1", 10));
            await flow.SubmitAsync(new ReplaceAccount(1, "r2", 20));
            await flow.SubmitAsync(new ReplaceAccount(2, "s1", 1));
            await flow.FlushAsync();
            await flow.SubmitAsync(new ReplaceAccount(2, "s2", 2));
        }

        Assert.Equal([(1L, "r2"), (2L, "s2")], Names(db));
        Assert.Equal("default", db.Scalar<string>("SELECT note FROM accounts WHERE id = 1"));
    }

    [Fact]
    public async Task A_composite_key_upserts_per_key_pair()
    {
        using var db = new SqliteDatabase("CREATE TABLE scores (player INTEGER, game TEXT, points INTEGER, PRIMARY KEY (player, game));");
        await using (var flow = ScoreFlow.Sqlite(db.ConnectionString, new BatchFlowOptions { FlushSize = 4 }))
        {
            await flow.SubmitAsync(new Score(1, "chess", 10));
            await flow.SubmitAsync(new Score(1, "go", 5));
            await flow.SubmitAsync(new Score(2, "chess", 7));
            await flow.SubmitAsync(new Score(1, "chess", 12));
            await flow.FlushAsync();
            await flow.SubmitAsync(new Score(2, "chess", 9));
        }

        var rows = db.Query("SELECT player, game, points FROM scores ORDER BY player, game", r => (r.GetInt32(0), r.GetString(1), r.GetInt32(2)));
        Assert.Equal([(1, "chess", 12), (1, "go", 5), (2, "chess", 9)], rows);
    }

    private static List<(long, string)> Names(SqliteDatabase db) =>
        db.Query("SELECT id, name FROM accounts ORDER BY id", r => (r.GetInt64(0), r.GetString(1)));
}
