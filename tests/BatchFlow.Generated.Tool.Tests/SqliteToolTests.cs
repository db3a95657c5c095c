using BatchFlow.Tool.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Tool.Tests;

/// <summary>The tool against a SQLite file, and against DDL files applied to an in-memory database.</summary>
public sealed class SqliteToolTests : IDisposable
{
    private const string Ddl = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
        CREATE UNIQUE INDEX users_email ON users (email);
        CREATE TABLE accounts (code TEXT NOT NULL PRIMARY KEY, balance REAL NOT NULL DEFAULT 0);
        """;

    private readonly TempFolder _folder = new();
    private readonly string _database;

    public SqliteToolTests()
    {
        _database = _folder.File("app.db");
        Execute(Ddl);
    }

    private string Snapshot => _folder.File("batchflow.schema");

    private string[] Pull(params string[] more) => ["schema", "pull", "--provider", "sqlite", "--connection", $"Data Source={_database}", "--out", Snapshot, .. more];

    [Fact]
    public async Task Pull_writes_every_table_by_name_with_columns_keys_and_accepts()
    {
        var result = await BatchflowTool.RunExpectingAsync(0, Pull());

        Assert.Contains($"wrote {Snapshot}: 2 tables from sqlite", result.Out, StringComparison.Ordinal);
        var snapshot = BatchflowTool.ReadSnapshot(Snapshot);
        Assert.Equal("sqlite", snapshot.Provider);
        Assert.NotEqual("", snapshot.Server);
        Assert.Equal(["accounts", "users"], snapshot.Tables.Select(t => t.Name));
        var users = snapshot.Tables[1];
        Assert.Equal(["id", "name", "email", "created_at"], users.Columns.Select(c => c.Name));
        Assert.True(users.Columns[1].NotNull);
        Assert.False(users.Columns[2].NotNull);
        Assert.NotNull(users.Columns[3].Default);
        Assert.Contains("String", users.Columns[1].Accepts);
        Assert.Contains(users.Indexes, i => i.PrimaryKey && i.Columns.SequenceEqual(["id"]));
        Assert.Contains(users.Indexes, i => i.Name == "users_email" && !i.PrimaryKey && i.Columns.SequenceEqual(["email"]));
    }

    [Fact]
    public async Task Pulling_twice_writes_the_same_bytes()
    {
        await BatchflowTool.RunExpectingAsync(0, Pull());
        var first = await File.ReadAllTextAsync(Snapshot);

        await BatchflowTool.RunExpectingAsync(0, Pull());

        Assert.Equal(first, await File.ReadAllTextAsync(Snapshot));
    }

    [Fact]
    public async Task Check_passes_right_after_a_pull()
    {
        await BatchflowTool.RunExpectingAsync(0, Pull());

        var result = await BatchflowTool.RunExpectingAsync(0, Pull("--check"));

        Assert.Contains($"{Snapshot} matches the database (2 tables compared)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_fails_naming_a_column_added_after_the_pull()
    {
        await BatchflowTool.RunExpectingAsync(0, Pull());
        Execute("ALTER TABLE users ADD COLUMN nickname TEXT");

        var result = await BatchflowTool.RunExpectingAsync(1, Pull("--check"));

        Assert.Contains($"{Snapshot} does not match the database (1 difference):", result.Out, StringComparison.Ordinal);
        Assert.Contains("table users: column nickname (TEXT) is in the database but not in the snapshot", result.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Check_fails_naming_a_unique_index_dropped_after_the_pull()
    {
        await BatchflowTool.RunExpectingAsync(0, Pull());
        Execute("DROP INDEX users_email");

        var result = await BatchflowTool.RunExpectingAsync(1, Pull("--check"));

        Assert.Contains("table users: unique index users_email (email) is in the snapshot but not in the database", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tables_named_only_those_are_pulled_and_checked()
    {
        await BatchflowTool.RunExpectingAsync(0, Pull("--table", "users"));
        Assert.Equal(["users"], BatchflowTool.ReadSnapshot(Snapshot).Tables.Select(t => t.Name));
        Execute("ALTER TABLE accounts ADD COLUMN note TEXT");

        await BatchflowTool.RunExpectingAsync(0, Pull("--table", "users", "--check"));
        var all = await BatchflowTool.RunExpectingAsync(1, Pull("--check"));

        Assert.Contains("table accounts is in the database but not in the snapshot", all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_named_in_another_case_is_written_and_compared_as_sqlite_spells_it()
    {
        await BatchflowTool.RunExpectingAsync(0, Pull("--table", "USERS"));
        Assert.Equal(["users"], BatchflowTool.ReadSnapshot(Snapshot).Tables.Select(t => t.Name));

        var result = await BatchflowTool.RunExpectingAsync(0, Pull("--table", "Users", "--check"));

        Assert.Contains("matches the database (1 table compared)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pulling_a_table_that_does_not_exist_fails_and_writes_nothing()
    {
        var result = await BatchflowTool.RunExpectingAsync(3, Pull("--table", "user"));

        Assert.Contains("--table user: the database has no such table", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Snapshot));
    }

    [Fact]
    public async Task Ddl_files_applied_in_order_to_an_in_memory_database_give_the_snapshot_of_the_real_one()
    {
        var first = _folder.Write("001_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);");
        var second = _folder.Write("002_more.sql", "CREATE UNIQUE INDEX users_email ON users (email);\nCREATE TABLE accounts (code TEXT NOT NULL PRIMARY KEY, balance REAL NOT NULL DEFAULT 0);");

        await BatchflowTool.RunExpectingAsync(0, "schema", "pull", "--provider", "sqlite", "--ddl", first, "--ddl", second, "--out", Snapshot);

        // The file the DDL gave matches the database built from the same statements.
        var result = await BatchflowTool.RunExpectingAsync(0, Pull("--check"));
        Assert.Contains("matches the database (2 tables compared)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ddl_file_that_fails_is_named_with_sqlites_message()
    {
        var bad = _folder.Write("bad.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE TABEL oops (id INTEGER);");

        var result = await BatchflowTool.RunExpectingAsync(3, "schema", "pull", "--provider", "sqlite", "--ddl", bad, "--out", Snapshot);

        Assert.Contains($"--ddl {bad}: SQLite refused it:", result.Err, StringComparison.Ordinal);
        Assert.Contains("syntax error", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Snapshot));
    }

    [Fact]
    public async Task Standard_output_receives_the_snapshot_with_out_dash()
    {
        var result = await BatchflowTool.RunExpectingAsync(0, "schema", "pull", "--provider", "sqlite", "--connection", _database, "--out", "-");

        Assert.StartsWith("# BatchFlow schema snapshot", result.Out, StringComparison.Ordinal);
        Assert.Equal(["accounts", "users"], Snapshots.SnapshotText.Parse(result.Out).Tables.Select(t => t.Name));
        Assert.Contains("wrote the snapshot to standard output", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_file_that_does_not_exist_is_not_created()
    {
        var missing = _folder.File("typo.db");

        var result = await BatchflowTool.RunExpectingAsync(3, "schema", "pull", "--provider", "sqlite", "--connection", $"Data Source={missing}", "--out", Snapshot);

        Assert.Contains($"the SQLite database file {missing} does not exist", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Check_without_a_snapshot_file_fails_saying_to_pull_first()
    {
        var result = await BatchflowTool.RunExpectingAsync(3, Pull("--check"));

        Assert.Contains($"{Snapshot} does not exist", result.Err, StringComparison.Ordinal);
        Assert.Contains("pull it first", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_of_a_broken_snapshot_names_the_line()
    {
        await File.WriteAllTextAsync(Snapshot, "batchflow-schema 1\nprovider sqlite\ntable users\n  column id\n");

        var result = await BatchflowTool.RunExpectingAsync(3, Pull("--check"));

        Assert.Contains($"{Snapshot}: line 4: column 'id' has no type=", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_exits_130_and_writes_nothing()
    {
        using var @out = new StringWriter();
        using var err = new StringWriter();

        var code = await Program.RunAsync(Pull(), @out, err, new CancellationToken(canceled: true));

        Assert.Equal(130, code);
        Assert.Contains("batchflow: cancelled.", err.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Snapshot));
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _folder.Dispose();
}
