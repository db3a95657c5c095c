using Npgsql;

namespace BatchFlow.Relay.Soak.Tests.Support;

/// <summary><c>soak_accounts</c> in a schema of its own on the real PostgreSQL (BATCHFLOW_POSTGRES), dropped after the test.</summary>
public sealed class SoakTable : IAsyncDisposable
{
    private readonly string _schema;
    private readonly NpgsqlDataSource _dataSource;

    private SoakTable(string schema, string connectionString)
    {
        _schema = schema;
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The connection string the relays use: <c>search_path</c> is the test's schema.</summary>
    public string ConnectionString { get; }

    public static async Task<SoakTable> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("BATCHFLOW_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BATCHFLOW_POSTGRES is not set: run the tests through eng/test.sh, or `source eng/servers.sh` first.");
        var schema = $"soak_{Guid.NewGuid():N}"[..20];
        var table = new SoakTable(schema, new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString);
        await using var command = table._dataSource.CreateCommand($"""
            CREATE SCHEMA "{schema}";
            CREATE TABLE "{schema}".soak_accounts (
                id bigint PRIMARY KEY,
                version integer NOT NULL,
                score integer NOT NULL CONSTRAINT soak_score_not_negative CHECK (score >= 0))
            """);
        await command.ExecuteNonQueryAsync();
        return table;
    }

    /// <summary>Rows, rows at version 2, and the sum of the ids.</summary>
    public async Task<(long Rows, long AtVersion2, long KeySum)> CountAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*), count(*) FILTER (WHERE version = 2), coalesce(sum(id), 0)::bigint FROM soak_accounts");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The ids among <paramref name="ids"/> that are not stored at version 2.</summary>
    public async Task<List<long>> MissingAtVersion2Async(long[] ids)
    {
        await using var command = _dataSource.CreateCommand("SELECT i FROM unnest(@ids) AS i WHERE NOT EXISTS (SELECT 1 FROM soak_accounts a WHERE a.id = i AND a.version = 2)");
        command.Parameters.AddWithValue("ids", ids);
        var missing = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            missing.Add(reader.GetInt64(0));
        }

        return missing;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await _dataSource.DisposeAsync();
        }
    }
}
