using Npgsql;

namespace BatchFlow.Tool.Tests.Support;

/// <summary>
/// A schema of its own for one test (<c>batchflow_test_xxxx</c>, dropped after it) and a connection string whose
/// <c>search_path</c> is that schema: the tool reads the current schema, so tests side by side never see each other's tables.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    private PostgresTestSchema(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(Servers.Postgres) { SearchPath = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresTestSchema> CreateAsync(string sql)
    {
        var schema = new PostgresTestSchema(Servers.UniqueName("batchflow_test"));
        await ExecuteAsync(Servers.Postgres, $"CREATE SCHEMA \"{schema.Name}\"");
        await schema.ExecuteAsync(sql);
        return schema;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    /// <summary>The schemas whose name starts with <paramref name="prefix"/> (scratch schemas left behind, if any).</summary>
    public static async Task<List<string>> SchemasAsync(string prefix)
    {
        await using var connection = new NpgsqlConnection(Servers.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", connection);
        command.Parameters.AddWithValue(prefix);
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
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(Servers.Postgres, $"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE");
}
