using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests.Flow;

/// <summary>
/// Text written by a flow is stored byte for byte as a Microsoft.Data.Sqlite parameter stores it. Text that UTF-8
/// cannot hold (an unpaired UTF-16 surrogate) is never stored altered: that row fails alone, the rest of its batch
/// commits.
/// </summary>
public sealed class SqliteTextFidelityTests
{
    // Untyped columns: SQLite keeps exactly what was bound.
    private const string Schema = "CREATE TABLE texts (id INTEGER PRIMARY KEY, text, letter)";

    // Looked up by name inside the tests: xunit serializes theory data as UTF-8 text, which would turn each lone
    // surrogate into U+FFFD before the test ran.
    private static readonly Dictionary<string, string> s_malformed = new()
    {
        ["high surrogate before a letter"] = "a\uD800b",
        ["low surrogate alone"] = "a\uDC00b",
        ["high surrogate at the end"] = "end\uD800",
        ["two high surrogates"] = "\uDBFF\uDBFFx",
        ["only a high surrogate"] = "\uD800",
        ["low before high"] = "\uDC00\uD800",
        ["valid pair then a lone high"] = "\U0001F600\uD83D",
        ["lone surrogate in long text"] = new string('x', 4_000) + "\uD800" + new string('y', 4_000),
    };

    private static readonly Dictionary<string, string> s_wellFormed = new()
    {
        ["valid emoji"] = "emoji \U0001F600 and \U0001D11E",
        ["only a pair"] = "\U0010FFFF",
        ["plain"] = "plain text",
        ["replacement character itself"] = "\uFFFD",
        ["long text with pairs"] = string.Concat(Enumerable.Repeat("ab\U0001F600", 3_000)),
    };

    public static TheoryData<string> Malformed => new(s_malformed.Keys);

    public static TheoryData<string> WellFormed => new(s_wellFormed.Keys);

    public static TheoryData<string, char> LoneSurrogateChars => new()
    {
        { "lone high surrogate", '\uD800' },
        { "lone low surrogate", '\uDFFF' },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public async Task Well_formed_text_is_stored_like_a_Microsoft_Data_Sqlite_parameter(string description)
    {
        using var db = new SqliteDatabase(Schema);
        await WriteBothWays(db, s_wellFormed[description], 'é');

        AssertStoredAlike(db, "text", description);
        AssertStoredAlike(db, "letter", description);
        Assert.Equal(s_wellFormed[description], db.Query("SELECT text FROM texts WHERE id = 1", r => r.GetString(0)).Single());
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_string_with_an_unpaired_surrogate_fails_alone_and_the_rest_of_its_batch_commits(string description)
    {
        var text = s_malformed[description];
        using var db = new SqliteDatabase(Schema);

        var failed = await WriteBatchWithOneBadRow(db, new TextRow(50, text, 'x'));

        var exception = Assert.IsType<EncoderFallbackException>(failed.Exception);
        Assert.Contains("column \"text\"", exception.Message, StringComparison.Ordinal);
        Assert.Contains("unpaired UTF-16 surrogate", exception.Message, StringComparison.Ordinal);
        Assert.Equal(text, Assert.Single(failed.Rows).Text);

        // What the flow refuses to do: a Microsoft.Data.Sqlite parameter stores the value altered (U+FFFD).
        Assert.NotEqual(text, StoreWithMicrosoftDataSqlite(db, text));
    }

    [Theory]
    [MemberData(nameof(LoneSurrogateChars))]
    public async Task A_lone_surrogate_char_fails_alone_and_the_rest_of_its_batch_commits(string description, char letter)
    {
        using var db = new SqliteDatabase(Schema);

        var failed = await WriteBatchWithOneBadRow(db, new TextRow(50, "t", letter));

        var exception = Assert.IsType<EncoderFallbackException>(failed.Exception);
        Assert.True(exception.Message.Contains("column \"letter\"", StringComparison.Ordinal), $"{description}: {exception.Message}");
        Assert.Equal(letter, Assert.Single(failed.Rows).Letter);
    }

    [Fact]
    public async Task A_five_megabyte_string_round_trips_exactly()
    {
        using var db = new SqliteDatabase(Schema);
        var text = string.Concat(Enumerable.Repeat("0123456789\U0001F600é", 5 * 1024 * 1024 / 26 + 1));
        await WriteBothWays(db, text, 'x');

        AssertStoredAlike(db, "text", "5 MB");
        Assert.Equal(text, db.Query("SELECT text FROM texts WHERE id = 1", r => r.GetString(0)).Single());
    }

    [Fact]
    public void SQLite_and_Microsoft_Data_Sqlite_both_alter_an_unpaired_surrogate()
    {
        // Why the check is needed: SQLite's own UTF-16 conversion (what the sink used for every string before)
        // merges a lone surrogate with the next character, and Microsoft.Data.Sqlite stores U+FFFD.
        using var db = new SqliteDatabase(Schema);
        using var connection = db.Open();
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, "SELECT hex(CAST(? AS BLOB))", out var statement));
        using (statement)
        {
            Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_bind_text16(statement, 1, "a\uD800b".AsSpan()));
            Assert.Equal(SQLitePCL.raw.SQLITE_ROW, SQLitePCL.raw.sqlite3_step(statement));
            Assert.Equal("61F09081A2", SQLitePCL.raw.sqlite3_column_text(statement, 0).utf8_to_string());
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hex(CAST($v AS BLOB))";
        command.Parameters.AddWithValue("$v", "a\uD800b");
        Assert.Equal("61EFBFBD62", command.ExecuteScalar());
    }

    [Fact]
    public async Task With_Default_Timeout_0_a_flow_waits_for_a_locked_database_instead_of_failing_rows()
    {
        // Microsoft.Data.Sqlite reads Default Timeout=0 as "wait without a limit". One attempt only: a write that
        // gave up on the lock at once would fail its rows, whatever the timing.
        using var db = new SqliteDatabase(Schema);
        var connectionString = new SqliteConnectionStringBuilder(db.ConnectionString) { DefaultTimeout = 0 }.ConnectionString;
        var failures = new ConcurrentQueue<BatchFailure<TextRow>>();
        var options = new BatchFlowOptions<TextRow>
        {
            MaxAttempts = 1,
            FlushSize = 100,
            OnFailure = f => { failures.Enqueue(f); return ValueTask.CompletedTask; },
        };

        await using var flow = TextRowFlow.Sqlite(connectionString, options);
        using var blocker = db.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        for (var id = 1; id <= 1_000; id++)
        {
            await flow.SubmitAsync(new TextRow(id, "row " + id, 'r'));
        }

        var flush = flow.FlushAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(flush.IsCompleted, "The flush waits while another connection holds the write lock.");
        using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        await flush;
        Assert.Empty(failures);
        Assert.Equal(1_000L, db.Scalar<long>("SELECT COUNT(*) FROM texts"));
    }

    private static async Task WriteBothWays(SqliteDatabase db, string text, char letter)
    {
        await using (var flow = TextRowFlow.Sqlite(db.ConnectionString))
        {
            await flow.SubmitAsync(new TextRow(1, text, letter));
        }

        using var connection = db.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO texts (id, text, letter) VALUES (2, $text, $letter)";
        insert.Parameters.AddWithValue("$text", text);
        insert.Parameters.AddWithValue("$letter", letter);
        insert.ExecuteNonQuery();
    }

    /// <summary>Writes rows 1..100 in one batch with <paramref name="bad"/> in place of row 50; returns its failure.</summary>
    private static async Task<BatchFailure<TextRow>> WriteBatchWithOneBadRow(SqliteDatabase db, TextRow bad)
    {
        var failures = new ConcurrentQueue<BatchFailure<TextRow>>();
        var options = new BatchFlowOptions<TextRow>
        {
            FlushSize = 100,
            LingerTime = TimeSpan.FromHours(1),
            OnFailure = f => { failures.Enqueue(f); return ValueTask.CompletedTask; },
        };
        await using (var flow = TextRowFlow.Sqlite(db.ConnectionString, options))
        {
            for (var id = 1; id <= 100; id++)
            {
                await flow.SubmitAsync(id == bad.Id ? bad : new TextRow(id, "row " + id, 'r'));
            }
        }

        var expected = Enumerable.Range(1, 100).Where(id => id != bad.Id).Select(id => (long)id).ToList();
        Assert.Equal(expected, db.Query("SELECT id FROM texts ORDER BY id", r => r.GetInt64(0)));
        Assert.Equal(expected.Count, db.Scalar<long>("SELECT COUNT(*) FROM texts WHERE text = 'row ' || id AND letter = 'r'"));
        return Assert.Single(failures);
    }

    /// <summary>Stores <paramref name="text"/> through a Microsoft.Data.Sqlite parameter and reads back what was stored.</summary>
    private static string StoreWithMicrosoftDataSqlite(SqliteDatabase db, string text)
    {
        using var connection = db.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO texts (id, text, letter) VALUES (1000, $text, 'm') RETURNING text";
        insert.Parameters.AddWithValue("$text", text);
        return (string)insert.ExecuteScalar()!;
    }

    /// <summary>Both rows hold the same storage class, the same bytes, and read back as the same string.</summary>
    private static void AssertStoredAlike(SqliteDatabase db, string column, string description)
    {
        var rows = db.Query(
            $"SELECT id, typeof({column}), hex(CAST({column} AS BLOB)), {column} FROM texts ORDER BY id",
            r => (Type: r.GetString(1), Hex: r.GetString(2), Value: r.GetString(3)));
        Assert.Equal(2, rows.Count);
        var (flow, parameter) = (rows[0], rows[1]);
        Assert.Equal("text", flow.Type);
        Assert.True(parameter.Type == flow.Type, $"{description}: stored as {flow.Type}, a parameter as {parameter.Type}");
        Assert.True(parameter.Hex == flow.Hex, $"{description}: stored bytes {Head(flow.Hex)}, a parameter's {Head(parameter.Hex)}");
        Assert.Equal(parameter.Value, flow.Value);
        Assert.Equal(1L, db.Scalar<long>($"SELECT COUNT(*) FROM texts a JOIN texts b ON a.{column} = b.{column} WHERE a.id = 1 AND b.id = 2"));
    }

    private static string Head(string hex) => hex.Length <= 80 ? hex : hex[..80] + "…";
}
