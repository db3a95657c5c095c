namespace BatchFlow.Sqlite.Tests.Schema;

/// <summary>The sink checks its table before the first batch, with the rule snapshots are read with, and writes nothing of a row type that does not fit.</summary>
public sealed class SqliteSchemaCheckTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private async Task<BatchSchemaException> FirstWriteFails(string table)
    {
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table(name: table));
        var exception = await Assert.ThrowsAsync<BatchSchemaException>(() => sink.WriteAsync(Users.Make(3), default).AsTask());
        Assert.False(sink.IsTransient(exception));
        Assert.Equal(0, _database.Count(table));
        return exception;
    }

    [Fact]
    public async Task A_column_whose_affinity_would_convert_the_member_fails_naming_table_column_and_member()
    {
        // TEXT affinity stores the bound integer id as text; NUMERIC affinity would store a name like "42" as a number.
        _database.Execute("CREATE TABLE converting (id TEXT PRIMARY KEY, name NUMERIC NOT NULL, email TEXT, created_at TEXT NOT NULL)");
        var exception = await FirstWriteFails("converting");

        Assert.StartsWith("Table \"converting\" cannot be written: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("column \"id\" is declared TEXT (TEXT affinity), where SQLite stores Int64 values (bound as INTEGER) as TEXT", exception.Message, StringComparison.Ordinal);
        Assert.Contains("(member Id)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("column \"name\" is declared NUMERIC (NUMERIC affinity)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("(member Name)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("email", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generated_column_written_by_a_member_fails()
    {
        _database.Execute("CREATE TABLE generated (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT GENERATED ALWAYS AS (name || '@example.com') VIRTUAL, created_at TEXT NOT NULL)");
        var exception = await FirstWriteFails("generated");
        Assert.Contains("column \"email\" is generated and cannot be written (member Email; mark it [BatchIgnore])", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_STRICT_table_accepts_only_its_own_storage_class()
    {
        // A DateTime is bound as text: a STRICT INTEGER column would refuse it (or convert a number-like one).
        _database.Execute("CREATE TABLE strict_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at INTEGER NOT NULL) STRICT");
        var exception = await FirstWriteFails("strict_users");
        Assert.Contains("column \"created_at\" is declared INTEGER in a STRICT table, which converts or refuses DateTime values (bound as TEXT); declare it TEXT or ANY (member CreatedAt)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Column_names_are_matched_without_case_as_SQLite_does_and_a_fitting_table_is_written()
    {
        // DATETIME is NUMERIC affinity, but the formatted date text never reads as a number: it is stored as bound.
        _database.Execute("CREATE TABLE fitting (ID INTEGER PRIMARY KEY, Name TEXT NOT NULL, EMAIL VARCHAR(100), created_at DATETIME NOT NULL)");
        await using (var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table(name: "fitting")))
        {
            await sink.WriteAsync(Users.Make(3), default);
        }

        Assert.Equal(
            new[] { new string?[] { "1", "text", "text" }, ["2", "text", "text"], ["3", "text", "null"] },
            _database.Rows("SELECT ID, typeof(Name), typeof(EMAIL) FROM fitting ORDER BY ID"));
        Assert.Equal("text", _database.Scalar<string>("SELECT DISTINCT typeof(created_at) FROM fitting"));
    }

    [Fact]
    public async Task A_view_that_takes_inserts_through_a_trigger_is_left_to_SQLite_and_still_written()
    {
        // The catalog read lists tables only; a name it does not find is left to preparing the INSERT, as before.
        _database.Execute(
            """
            CREATE TABLE stored (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL);
            CREATE VIEW incoming AS SELECT id, name, email, created_at FROM stored;
            CREATE TRIGGER incoming_insert INSTEAD OF INSERT ON incoming
            BEGIN INSERT INTO stored (id, name, email, created_at) VALUES (NEW.id, upper(NEW.name), NEW.email, NEW.created_at); END;
            """);
        await using (var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table(name: "incoming")))
        {
            await sink.WriteAsync(Users.Make(2), default);
        }

        Assert.Equal(new[] { new string?[] { "1", "USER1" }, ["2", "USER2"] }, _database.Rows("SELECT id, name FROM stored ORDER BY id"));
    }
}
