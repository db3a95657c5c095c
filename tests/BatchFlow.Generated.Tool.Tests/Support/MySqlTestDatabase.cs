using MySqlConnector;

namespace BatchFlow.Tool.Tests.Support;

/// <summary>
/// A database of its own for one test (<c>batchflow_test_xxxx</c>, the names eng/mariadb.sh lets the test user create),
/// dropped after it, and the connection string that uses it.
/// </summary>
public sealed class MySqlTestDatabase : IAsyncDisposable
{
    private MySqlTestDatabase(string name)
    {
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(Servers.MySql) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<MySqlTestDatabase> CreateAsync(string sql)
    {
        var database = new MySqlTestDatabase(Servers.UniqueName(new MySqlConnectionStringBuilder(Servers.MySql).Database));
        await ExecuteAsync(Servers.MySql, $"CREATE DATABASE `{database.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        await database.ExecuteAsync(sql);
        return database;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    /// <summary>The databases whose name contains <c>_scratch_</c> (scratch databases left behind, if any).</summary>
    public static async Task<List<string>> ScratchDatabasesAsync()
    {
        await using var connection = new MySqlConnection(Servers.MySql);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '%\\_scratch\\_%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(Servers.MySql, $"DROP DATABASE IF EXISTS `{Name}`");
}
