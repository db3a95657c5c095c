using BatchFlow.Tool.Cli;
using BatchFlow.Tool.Tests.Support;

namespace BatchFlow.Tool.Tests;

/// <summary>Argument errors: exit code 2 and a message that says what to write instead; nothing is read or written.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "pull" }, "unknown command 'pull'")]
    [InlineData(new[] { "--verbose" }, "unknown option '--verbose'")]
    [InlineData(new[] { "schema" }, "'batchflow schema' needs a command")]
    [InlineData(new[] { "schema", "push" }, "unknown command 'schema push'")]
    [InlineData(new[] { "schema", "pull" }, "--provider is required")]
    [InlineData(new[] { "schema", "pull", "--provider", "oracle", "--connection", "x" }, "unknown provider 'oracle'")]
    [InlineData(new[] { "schema", "pull", "--provider" }, "--provider needs a value")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--out", "--check" }, "--out needs a value (a file name, or - for standard output), but the next argument is the option '--check'")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite" }, "sqlite needs --connection (the database file) or --ddl")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "a.db", "--ddl", "a.sql" }, "sqlite takes --connection or --ddl, not both")]
    [InlineData(new[] { "schema", "pull", "--provider", "postgres" }, "postgres needs --connection")]
    [InlineData(new[] { "schema", "pull", "--provider", "mysql", "--ddl", "a.sql" }, "mysql needs --connection with --ddl: the server where the tool makes a scratch database")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "a.db", "--tabel", "users" }, "unknown option '--tabel' for 'schema pull': did you mean '--table'?")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "a.db", "users" }, "unexpected argument 'users'")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--provider", "postgres", "--connection", "a.db" }, "--provider is given twice ('sqlite' and 'postgres')")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "a.db", "--check", "--out", "-" }, "--check compares with a snapshot file")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "a.db", "--table=" }, "--table needs a value (a table name), not an empty one")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "a.db", "--check=yes" }, "--check takes no value")]
    // Connection strings are checked before any server is asked: these need none.
    [InlineData(new[] { "schema", "pull", "--provider", "postgres", "--connection", "Hots=db" }, "--connection is not a PostgreSQL connection string")]
    [InlineData(new[] { "schema", "pull", "--provider", "mysql", "--connection", "Server=127.0.0.1;Port=1" }, "--connection names no database (Database=…)")]
    [InlineData(new[] { "schema", "pull", "--provider", "sqlite", "--connection", "Data Source=:memory:" }, "--connection names no SQLite database file")]
    public async Task A_wrong_command_line_exits_2_saying_what_is_wrong(string[] args, string message)
    {
        var result = await BatchflowTool.RunExpectingAsync(2, args);

        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Contains("--help' for usage", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "batchflow schema pull --provider")]
    [InlineData(new[] { "schema", "--help" }, "pull    Write the schema snapshot")]
    [InlineData(new[] { "schema", "pull", "--help" }, "--ddl <file>")]
    [InlineData(new[] { "schema", "pull", "--provider", "nonsense", "-h" }, "Exit codes: 0 done")]
    public async Task Help_exits_0_and_prints_the_page(string[] args, string excerpt)
    {
        var result = await BatchflowTool.RunExpectingAsync(0, args);

        Assert.Contains(excerpt, result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task Version_prints_the_package_version()
    {
        var result = await BatchflowTool.RunExpectingAsync(0, "--version");

        Assert.Matches(@"^batchflow \d+\.\d+\.\d+", result.Out);
    }

    [Fact]
    public void Options_parse_in_both_spellings_and_a_connection_string_keeps_its_equals_signs()
    {
        var command = CommandLine.Parse(["schema", "pull", "--provider=PostgreSQL", "--connection=Host=db;Username=app", "--table", "b", "--table=a", "--table", "b", "-o", "x.schema", "--check"]);

        var options = Assert.IsType<Pull>(command).Options;
        Assert.Equal(ProviderKind.Postgres, options.Provider);
        Assert.Equal("Host=db;Username=app", options.Connection);
        Assert.Equal(["b", "a"], options.Tables);
        Assert.Equal("x.schema", options.Out);
        Assert.True(options.Check);
    }

    [Fact]
    public void The_snapshot_file_defaults_to_batchflow_schema_and_ddl_files_keep_their_order()
    {
        var command = CommandLine.Parse(["schema", "pull", "--provider", "mariadb", "--connection", "Server=db", "--ddl", "2.sql", "--ddl", "1.sql"]);

        var options = Assert.IsType<Pull>(command).Options;
        Assert.Equal(ProviderKind.MySql, options.Provider);
        Assert.Equal("batchflow.schema", options.Out);
        Assert.Equal(["2.sql", "1.sql"], options.DdlFiles);
        Assert.Null(options.TableFilter);
        Assert.False(options.Check);
    }
}
