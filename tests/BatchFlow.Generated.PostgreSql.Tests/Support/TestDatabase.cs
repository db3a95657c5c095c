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

    /// <summary>A fresh table name, so that tests running side by side never share a table or a metric tag.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>
    /// A data source whose connections carry <paramref name="applicationName"/>, so a test can find (and kill) exactly
    /// the backends its flow uses.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string applicationName) =>
        new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ConnectionString)
            .Build();
}

/// <summary>A table created for one test and dropped after it, with the data source the test's flow writes through.</summary>
public sealed class TestTable : IAsyncDisposable
{
    private TestTable(string name, string applicationName, NpgsqlDataSource dataSource)
    {
        Name = name;
        ApplicationName = applicationName;
        DataSource = dataSource;
    }

    public string Name { get; }

    /// <summary>The <c>application_name</c> of the data source's connections (the name, cut to what PostgreSQL keeps).</summary>
    public string ApplicationName { get; }

    /// <summary>The name as SQL text.</summary>
    public string Quoted => PostgresSql.Quote(Name);

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the table: <paramref name="columns"/> is the SQL between the parentheses of CREATE TABLE.</summary>
    public static async Task<TestTable> CreateAsync(string prefix, string columns, string? name = null)
    {
        name ??= TestDatabase.UniqueName(prefix);
        var applicationName = name.Length > 60 ? name[..60] : name;
        var table = new TestTable(name, applicationName, TestDatabase.CreateDataSource(applicationName));
        await table.ExecuteAsync($"DROP TABLE IF EXISTS {table.Quoted}; CREATE TABLE {table.Quoted} ({columns})");
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
            await ExecuteAsync($"DROP TABLE IF EXISTS {Quoted}");
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }
}
