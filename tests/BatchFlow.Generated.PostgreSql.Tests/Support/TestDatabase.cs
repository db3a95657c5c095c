using Npgsql;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests run against, named by the BATCHFLOW_POSTGRES connection string that
/// eng/postgres.sh exports. A missing variable fails the test: these tests never skip silently.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "BATCHFLOW_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL integration tests need a server: run them through eng/test.sh, or " +
                "`source eng/postgres.sh` first (it installs and starts PostgreSQL on 127.0.0.1 and exports the variable).");

    /// <summary>A fresh name, so that tests running side by side never share a schema or a connection.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}

/// <summary>
/// A table created for one test in a schema of its own, dropped after it, with the data source the test's flow writes
/// through. Generated flows name their table once for all (<c>[BatchTable("accounts")]</c>), and the sink finds it
/// through <c>search_path</c>: the data source's connections search only the test's schema, so tests running side by
/// side each write their own <c>accounts</c>.
/// </summary>
public sealed class TestTable : IAsyncDisposable
{
    private TestTable(string name, string schema, string connectionString)
    {
        Name = name;
        Schema = schema;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The table's name, without schema: what the row type's <c>[BatchTable]</c> says.</summary>
    public string Name { get; }

    /// <summary>The schema that holds the table, unique to the test.</summary>
    public string Schema { get; }

    /// <summary>The <c>application_name</c> of the data source's connections (the schema's name).</summary>
    public string ApplicationName => Schema;

    /// <summary>The name as SQL text; the test's connections find it through <c>search_path</c>.</summary>
    public string Quoted => PostgresSql.Quote(Name);

    /// <summary>The connection string of <see cref="DataSource"/>: <c>search_path</c> is the test's schema.</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Creates the table <paramref name="name"/> in a new schema: <paramref name="columns"/> is the SQL between the
    /// parentheses of CREATE TABLE.
    /// </summary>
    public static async Task<TestTable> CreateAsync(string name, string columns)
    {
        var schema = TestDatabase.UniqueName("batchflow_test");
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            ApplicationName = schema,
            SearchPath = schema,
        }.ConnectionString;
        var table = new TestTable(name, schema, connectionString);
        await table.ExecuteAsync($"CREATE SCHEMA {PostgresSql.Quote(schema)}; CREATE TABLE {PostgresSql.Quote(schema)}.{table.Quoted} ({columns})");
        return table;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Reads every row of the query with <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {PostgresSql.Quote(Schema)} CASCADE");
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }
}
