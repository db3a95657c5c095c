using BatchFlow.Tool.Tests.Support;

namespace BatchFlow.Tool.Tests;

/// <summary>The tool against the MariaDB server eng/mariadb.sh starts, each test in a database of its own.</summary>
public sealed class MySqlToolTests : IDisposable
{
    private const string Ddl = """
        CREATE TABLE users (
            id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
            name varchar(100) NOT NULL,
            email varchar(200) NULL,
            created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            UNIQUE KEY users_email (email));
        CREATE TABLE accounts (code varchar(20) NOT NULL PRIMARY KEY, balance decimal(12,2) NOT NULL DEFAULT 0);
        """;

    private readonly TempFolder _folder = new();

    private string Snapshot => _folder.File("batchflow.schema");

    private string[] Pull(string connection, params string[] more) => ["schema", "pull", "--provider", "mysql", "--connection", connection, "--out", Snapshot, .. more];

    [Fact]
    public async Task Pull_writes_the_databases_tables_with_auto_increment_and_keys()
    {
        await using var database = await MySqlTestDatabase.CreateAsync(Ddl);

        var result = await BatchflowTool.RunExpectingAsync(0, Pull(database.ConnectionString));

        Assert.Contains("2 tables from mysql", result.Out, StringComparison.Ordinal);
        var snapshot = BatchflowTool.ReadSnapshot(Snapshot);
        Assert.Equal("mysql", snapshot.Provider);
        Assert.Contains("MariaDB", snapshot.Server, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["accounts", "users"], snapshot.Tables.Select(t => t.Name));
        var users = snapshot.Tables[1];
        Assert.Equal(["id", "name", "email", "created_at"], users.Columns.Select(c => c.Name));
        Assert.Equal("by-default", users.Columns[0].Identity);
        Assert.Contains("Int64", users.Columns[0].Accepts);
        Assert.Contains(users.Indexes, i => i.PrimaryKey && i.Columns.SequenceEqual(["id"]));
        Assert.Contains(users.Indexes, i => i.Name == "users_email" && !i.PrimaryKey && i.Columns.SequenceEqual(["email"]));
    }

    [Fact]
    public async Task Check_passes_right_after_a_pull_and_fails_naming_an_added_column()
    {
        await using var database = await MySqlTestDatabase.CreateAsync(Ddl);
        await BatchflowTool.RunExpectingAsync(0, Pull(database.ConnectionString));

        var matches = await BatchflowTool.RunExpectingAsync(0, Pull(database.ConnectionString, "--check"));
        await database.ExecuteAsync("ALTER TABLE users ADD COLUMN nickname varchar(50) NULL");
        var differs = await BatchflowTool.RunExpectingAsync(1, Pull(database.ConnectionString, "--check"));

        Assert.Contains("matches the database (2 tables compared)", matches.Out, StringComparison.Ordinal);
        Assert.Contains("(1 difference):", differs.Out, StringComparison.Ordinal);
        Assert.Contains("table users: column nickname (varchar(50)) is in the database but not in the snapshot", differs.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_fails_naming_a_dropped_unique_index()
    {
        await using var database = await MySqlTestDatabase.CreateAsync(Ddl);
        await BatchflowTool.RunExpectingAsync(0, Pull(database.ConnectionString));

        await database.ExecuteAsync("ALTER TABLE users DROP INDEX users_email");
        var result = await BatchflowTool.RunExpectingAsync(1, Pull(database.ConnectionString, "--check"));

        Assert.Contains("table users: unique index users_email (email) is in the snapshot but not in the database", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ddl_files_in_a_scratch_database_give_the_snapshot_of_the_real_tables_and_the_database_is_dropped()
    {
        var before = await MySqlTestDatabase.ScratchDatabasesAsync();
        var ddl = _folder.Write("schema.sql", Ddl);
        await BatchflowTool.RunExpectingAsync(0, "schema", "pull", "--provider", "mysql", "--connection", Servers.MySql, "--ddl", ddl, "--out", Snapshot);

        await using var database = await MySqlTestDatabase.CreateAsync(Ddl);
        var result = await BatchflowTool.RunExpectingAsync(0, Pull(database.ConnectionString, "--check"));

        Assert.Contains("matches the database (2 tables compared)", result.Out, StringComparison.Ordinal);
        Assert.Subset(before.ToHashSet(), (await MySqlTestDatabase.ScratchDatabasesAsync()).ToHashSet());
    }

    [Fact]
    public async Task A_ddl_file_that_fails_is_named_and_the_scratch_database_is_dropped_all_the_same()
    {
        var before = await MySqlTestDatabase.ScratchDatabasesAsync();
        var bad = _folder.Write("bad.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE users (id bigint PRIMARY KEY);");

        var result = await BatchflowTool.RunExpectingAsync(3, "schema", "pull", "--provider", "mysql", "--connection", Servers.MySql, "--ddl", bad, "--out", Snapshot);

        Assert.Contains($"--ddl {bad}: the server refused it: Table 'users' already exists (error 1050)", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Snapshot));
        Assert.Subset(before.ToHashSet(), (await MySqlTestDatabase.ScratchDatabasesAsync()).ToHashSet());
    }

    public void Dispose() => _folder.Dispose();
}
