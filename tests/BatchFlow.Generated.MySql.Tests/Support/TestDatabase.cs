using MySqlConnector;

namespace BatchFlow.MySql.Tests.Support;

/// <summary>
/// The MySQL or MariaDB server the tests run against, named by the BATCHFLOW_MYSQL connection string that
/// eng/mariadb.sh exports. A missing variable fails the test: these tests never skip silently.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "BATCHFLOW_MYSQL";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The MySQL integration tests need a server: run them through eng/test.sh, or " +
                "`source eng/mariadb.sh` first (it installs and starts MariaDB on 127.0.0.1 and exports the variable).");

    /// <summary>The connection string with changes, e.g. <c>b => b.AllowLoadLocalInfile = false</c>.</summary>
    public static string With(Action<MySqlConnectionStringBuilder> change)
    {
        var builder = new MySqlConnectionStringBuilder(ConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    /// <summary>A fresh name, so that tests running side by side never share a table.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new MySqlConnection(connectionString ?? ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query over the binary protocol (prepared), so that FLOAT and DOUBLE values read back exactly.</summary>
    public static async Task<List<T>> QueryAsync<T>(string sql, Func<MySqlDataReader, T> read)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

/// <summary>A table created for one test under a unique name, dropped after it, with a data source to write through.</summary>
public sealed class TestTable : IAsyncDisposable
{
    private readonly List<string> _also = [];

    private TestTable(string name, string? connectionString)
    {
        Name = name;
        DataSource = new MySqlDataSource(connectionString ?? TestDatabase.ConnectionString);
    }

    public string Name { get; }

    public string Quoted => MySqlSql.Quote(Name);

    public MySqlDataSource DataSource { get; }

    /// <summary>Creates <paramref name="name"/>_xxxx with <paramref name="columns"/> (the SQL between CREATE TABLE's parentheses).</summary>
    public static async Task<TestTable> CreateAsync(string name, string columns, string? connectionString = null)
    {
        var table = new TestTable(TestDatabase.UniqueName(name), connectionString);
        await TestDatabase.ExecuteAsync($"CREATE TABLE {table.Quoted} ({columns})");
        return table;
    }

    /// <summary>Drops <paramref name="name"/> with this table (children first: call it before creating them).</summary>
    public void DropAlso(string name) => _also.Add(name);

    /// <summary>The table description of <typeparamref name="T"/> renamed to this table.</summary>
    public TableDescription<T> Describe<T>(TableDescription<T> generated) =>
        new(Name, generated.Conflict, generated.Columns, generated.KeyComparer, generated.Writer);

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var other in _also)
            {
                await TestDatabase.ExecuteAsync($"DROP TABLE IF EXISTS {MySqlSql.Quote(other)}");
            }

            await TestDatabase.ExecuteAsync($"DROP TABLE IF EXISTS {Quoted}");
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }
}

/// <summary>
/// A database of its own for one test (<c>batchflow_test_xxxx</c>, dropped after it), for flows made by a generated
/// factory, whose table name is the record's: the data source's connections use this database, so tests side by side
/// each write their own <c>accounts</c>.
/// </summary>
public sealed class TestSchema : IAsyncDisposable
{
    private TestSchema(string name)
    {
        Name = name;
        ConnectionString = TestDatabase.With(b => b.Database = name);
        DataSource = new MySqlDataSource(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public MySqlDataSource DataSource { get; }

    /// <summary>Creates the database and runs <paramref name="sql"/> in it.</summary>
    public static async Task<TestSchema> CreateAsync(string sql)
    {
        var schema = new TestSchema(TestDatabase.UniqueName(new MySqlConnectionStringBuilder(TestDatabase.ConnectionString).Database));
        await TestDatabase.ExecuteAsync($"CREATE DATABASE {MySqlSql.Quote(schema.Name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        await TestDatabase.ExecuteAsync(sql, schema.ConnectionString);
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TestDatabase.ExecuteAsync($"DROP DATABASE IF EXISTS {MySqlSql.Quote(Name)}");
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }
}
