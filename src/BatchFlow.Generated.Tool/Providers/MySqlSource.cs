using BatchFlow.MySql;
using BatchFlow.Tool.Cli;
using MySqlConnector;

namespace BatchFlow.Tool.Providers;

/// <summary>
/// Reads a MySQL or MariaDB database (the connection's), or, with DDL files, a scratch database made for them on the
/// same server, dropped afterwards whatever happened.
/// </summary>
/// <remarks>
/// The scratch database is named after the connection's database (<c>app_scratch_…</c> for <c>Database=app</c>): a
/// user who may create databases at all is usually granted a pattern like <c>app\_%</c>, rarely any name.
/// </remarks>
internal static class MySqlSource
{
    public static async Task<SchemaSnapshot> ReadAsync(PullOptions options, IReadOnlyList<DdlFile> ddl, TextWriter err, CancellationToken ct)
    {
        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(options.Connection!);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--connection is not a MySQL connection string: {e.Message}", "batchflow schema pull --help");
        }

        // One connection for one read: a pool would only keep it open.
        builder.Pooling = false;
        if (ddl.Count == 0)
        {
            if (string.IsNullOrEmpty(builder.Database))
            {
                throw new UsageException("--connection names no database (Database=…): the tool reads the tables of the connection's database.", "batchflow schema pull --help");
            }

            await using var connection = new MySqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            return await MySqlSchema.ReadAsync(connection, options.TableFilter, ct);
        }

        var scratch = ScratchName.New(string.IsNullOrEmpty(builder.Database) ? "batchflow" : builder.Database);
        var quoted = Identifiers.QuoteMySql(scratch);
        // DDL scripts may set user variables (@x); MySqlConnector refuses them unless told.
        builder.AllowUserVariables = true;
        var connectionString = builder.ConnectionString;
        var created = false;
        try
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, $"CREATE DATABASE {quoted}{await CharacterSetAsync(connection, ct)}", ct);
            created = true;
            await connection.ChangeDatabaseAsync(scratch, ct);
            foreach (var file in ddl)
            {
                try
                {
                    await ExecuteAsync(connection, file.Text, ct);
                }
                catch (MySqlException e)
                {
                    throw new ToolException($"--ddl {file.Path}: the server refused it: {e.Message} (error {e.Number})", e);
                }
            }

            return await MySqlSchema.ReadAsync(connection, options.TableFilter, ct);
        }
        finally
        {
            if (created)
            {
                await DropAsync(connectionString, quoted, scratch, err);
            }
        }
    }

    /// <summary>
    /// The connection's database's character set and collation, for the scratch database: column types and defaults read
    /// back as they would in the real one. Empty when the connection names no database.
    /// </summary>
    private static async Task<string> CharacterSetAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return "";
        }

        // Both are identifiers the server itself reported (utf8mb4, utf8mb4_bin): never user text.
        return $" CHARACTER SET {reader.GetString(0)} COLLATE {reader.GetString(1)}";
    }

    /// <summary>Drops the scratch database on a new connection; never cancelled; when that fails, says what to drop by hand.</summary>
    private static async Task DropAsync(string connectionString, string quoted, string scratch, TextWriter err)
    {
        var drop = $"DROP DATABASE IF EXISTS {quoted}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await ExecuteAsync(connection, drop, timeout.Token);
        }
        catch (Exception e) when (e is MySqlException or OperationCanceledException)
        {
            await err.WriteLineAsync($"batchflow: could not drop the scratch database {scratch} ({e.Message}); drop it by hand: {drop}");
        }
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
