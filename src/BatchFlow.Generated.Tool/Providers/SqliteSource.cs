using System.Data.Common;
using BatchFlow.Sqlite;
using BatchFlow.Tool.Cli;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Tool.Providers;

/// <summary>Reads a SQLite database file, or an in-memory database built from DDL files.</summary>
internal static class SqliteSource
{
    public static async Task<SchemaSnapshot> ReadAsync(PullOptions options, IReadOnlyList<DdlFile> ddl, CancellationToken ct)
    {
        var connectionString = ddl.Count > 0
            ? new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ConnectionString
            : FileConnectionString(options.Connection!);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var file in ddl)
        {
            await ApplyAsync(connection, file, ct);
        }

        return await SqliteSchema.ReadAsync(connection, options.TableFilter, ct);
    }

    /// <summary>
    /// A file is opened read-only unless the connection string says otherwise: reading a schema must never create an
    /// empty database where the user mistyped a path (SQLite's default mode creates the file).
    /// </summary>
    private static string FileConnectionString(string connection)
    {
        SqliteConnectionStringBuilder builder;
        bool modeGiven;
        try
        {
            // A bare path is the common case on a command line: "app.db" rather than "Data Source=app.db".
            if (!connection.Contains('=', StringComparison.Ordinal))
            {
                builder = new SqliteConnectionStringBuilder { DataSource = connection };
                modeGiven = false;
            }
            else
            {
                builder = new SqliteConnectionStringBuilder(connection);
                modeGiven = new DbConnectionStringBuilder { ConnectionString = connection }.ContainsKey("mode");
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--connection is not a SQLite connection string ({e.Message}); give 'Data Source=app.db' or a file path.", "batchflow schema pull --help");
        }

        var dataSource = builder.DataSource;
        if (!modeGiven)
        {
            if (dataSource.Length == 0 || dataSource == ":memory:")
            {
                throw new UsageException("--connection names no SQLite database file: give 'Data Source=app.db' or a file path (or --ddl for DDL files).", "batchflow schema pull --help");
            }

            if (!dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !File.Exists(dataSource))
            {
                throw new ToolException($"--connection: the SQLite database file {dataSource} does not exist ({Path.GetFullPath(dataSource)}).");
            }

            builder.Mode = SqliteOpenMode.ReadOnly;
        }

        // One connection for one read: a pooled one would keep the file open after the tool is done with it.
        builder.Pooling = false;
        return builder.ConnectionString;
    }

    private static async Task ApplyAsync(SqliteConnection connection, DdlFile file, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = file.Text;
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e)
        {
            throw new ToolException($"--ddl {file.Path}: SQLite refused it: {e.Message}", e);
        }
    }
}
