using BatchFlow.ShutdownHost;
using Npgsql;

namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>
/// A schema of the test's own on the PostgreSQL server named by BATCHFLOW_POSTGRES (eng/postgres.sh exports it). The
/// host's connections search only that schema (<c>search_path</c>), so the generated flows find their tables there by
/// the names their <c>[BatchTable]</c> gives. A missing variable fails the test: CI always starts the server.
/// </summary>
public sealed class PostgresShutdownDatabase : ShutdownDatabase
{
    public const string Variable = "BATCHFLOW_POSTGRES";

    private PostgresShutdownDatabase(string schema, string connectionString)
    {
        Schema = schema;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Schema { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public override IReadOnlyList<string> HostArguments => ["--db", "postgres", "--connection", ConnectionString];

    public static async Task<PostgresShutdownDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL shutdown tests need a server: run them through eng/test.sh, or " +
                "`source eng/servers.sh` first (it installs and starts PostgreSQL on 127.0.0.1 and exports the variable).");
        var schema = $"batchflow_shutdown_{Guid.NewGuid():N}"[..32];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, ApplicationName = schema }.ConnectionString;
        var database = new PostgresShutdownDatabase(schema, connectionString);
        try
        {
            await using (var command = database.DataSource.CreateCommand($"CREATE SCHEMA {ShutdownSchema.Quote(schema)}"))
            {
                await command.ExecuteNonQueryAsync();
            }

            await ShutdownSchema.CreatePostgresAsync(database.DataSource, ShutdownSchema.UsersTable);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public override async Task<StoredRows> CountAsync(string table)
    {
        await using var command = DataSource.CreateCommand($"SELECT count(*), count(DISTINCT id), coalesce(max(id), 0) FROM {ShutdownSchema.Quote(table)}");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new StoredRows(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// A transaction holding <c>LOCK TABLE ... IN ACCESS EXCLUSIVE MODE</c> until disposed. It waits for the host's COPYs
    /// under way to end; PostgreSQL queues the host's later ones behind it.
    /// </summary>
    public override async Task<IAsyncDisposable> HoldWriteLockAsync(string table, TimeSpan timeout)
    {
        var connection = await DataSource.OpenConnectionAsync();
        try
        {
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand($"LOCK TABLE {ShutdownSchema.Quote(table)} IN ACCESS EXCLUSIVE MODE", connection, transaction)
            {
                CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
            };
            await command.ExecuteNonQueryAsync();
            return new Lock(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override ShutdownUserFlow UsersFlow(BatchFlowOptions? options = null) => ShutdownUserFlow.Postgres(DataSource, options);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {ShutdownSchema.Quote(Schema)} CASCADE");
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await DataSource.DisposeAsync();
        }
    }

    private sealed class Lock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
