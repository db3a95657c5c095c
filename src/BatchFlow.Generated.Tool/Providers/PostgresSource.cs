using BatchFlow.PostgreSql;
using BatchFlow.Tool.Cli;
using Npgsql;

namespace BatchFlow.Tool.Providers;

/// <summary>
/// Reads a PostgreSQL database's current schema, or, with DDL files, a scratch schema made for them on the same server
/// (<c>batchflow_scratch_…</c>, first on <c>search_path</c>), dropped afterwards whatever happened.
/// </summary>
internal static class PostgresSource
{
    public static async Task<SchemaSnapshot> ReadAsync(PullOptions options, IReadOnlyList<DdlFile> ddl, TextWriter err, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.Connection!);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--connection is not a PostgreSQL connection string: {e.Message}", "batchflow schema pull --help");
        }

        // One connection for one read: a pool would only keep it open.
        builder.Pooling = false;
        var connectionString = builder.ConnectionString;
        if (ddl.Count == 0)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return await PostgresSchema.ReadAsync(connection, options.TableFilter, ct);
        }

        var scratch = ScratchName.New("batchflow");
        var quoted = Identifiers.QuotePostgres(scratch);
        var created = false;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, $"CREATE SCHEMA {quoted}", ct);
            created = true;

            // First on the path, so CREATE TABLE without a schema lands in it and it is the current schema the reader
            // reads; the rest of the path stays, so types and extensions installed in public (citext) still resolve.
            var path = await ScalarAsync(connection, "SELECT current_setting('search_path')", ct);
            await ExecuteAsync(connection, $"SET search_path TO {quoted}{(string.IsNullOrWhiteSpace(path) ? "" : ", " + path)}", ct);
            foreach (var file in ddl)
            {
                try
                {
                    await ExecuteAsync(connection, file.Text, ct);
                }
                catch (PostgresException e)
                {
                    throw new ToolException($"--ddl {file.Path}: PostgreSQL refused it: {e.MessageText} (SQLSTATE {e.SqlState}{(e.Position > 0 ? $", at character {e.Position}" : "")})", e);
                }
            }

            return await PostgresSchema.ReadAsync(connection, options.TableFilter, ct);
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
    /// Drops the scratch schema on a new connection, after the one the DDL ran on is closed (a file that left a
    /// transaction open would otherwise roll the drop back, or hold locks it waits for); never cancelled, since a
    /// Ctrl+C must not leave the schema behind; when even that fails, the error says what to drop by hand.
    /// </summary>
    private static async Task DropAsync(string connectionString, string quoted, string scratch, TextWriter err)
    {
        var drop = $"DROP SCHEMA IF EXISTS {quoted} CASCADE";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await ExecuteAsync(connection, drop, timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            await err.WriteLineAsync($"batchflow: could not drop the scratch schema {scratch} ({e.Message}); drop it by hand: {drop}");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
