using Npgsql;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Tests.Support;

/// <summary>
/// The servers eng/servers.sh starts, named by BATCHFLOW_REDIS and BATCHFLOW_POSTGRES. A missing variable fails the
/// test: these tests never skip.
/// </summary>
public static class Servers
{
    private static readonly Lazy<Task<ConnectionMultiplexer>> s_redis = new(() => ConnectionMultiplexer.ConnectAsync(Variable("BATCHFLOW_REDIS")));

    public static Task<ConnectionMultiplexer> RedisAsync() => s_redis.Value;

    public static string Postgres => Variable("BATCHFLOW_POSTGRES");

    /// <summary>A fresh stream key, so that tests running side by side never share one.</summary>
    public static string UniqueStream(string name) => $"bf-relay-test:{name}:{Guid.NewGuid():N}";

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through eng/test.sh, or `source eng/servers.sh` first.");
}

/// <summary>
/// The table <c>relay_accounts</c> in a schema of its own (dropped after the test), found through <c>search_path</c>,
/// with a CHECK that poison rows (a negative score) violate.
/// </summary>
public sealed class AccountsTable : IAsyncDisposable
{
    private readonly string _schema;

    private AccountsTable(string schema, NpgsqlDataSource dataSource)
    {
        _schema = schema;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<AccountsTable> CreateAsync()
    {
        var schema = $"relay_{Guid.NewGuid():N}"[..20];
        var builder = new NpgsqlConnectionStringBuilder(Servers.Postgres) { SearchPath = schema, ApplicationName = schema };
        var table = new AccountsTable(schema, NpgsqlDataSource.Create(builder.ConnectionString));
        await table.ExecuteAsync($"""
            CREATE SCHEMA "{schema}";
            CREATE TABLE "{schema}".relay_accounts (
                id bigint PRIMARY KEY,
                name text NOT NULL,
                score integer NOT NULL CONSTRAINT score_not_negative CHECK (score >= 0))
            """);
        return table;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row, by id.</summary>
    public async Task<Dictionary<long, (string Name, int Score)>> RowsAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT id, name, score FROM relay_accounts");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<long, (string, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetInt64(0), (reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }
}
