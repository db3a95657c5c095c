using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BatchFlow.ShutdownHost;

/// <summary>
/// The tables of <see cref="ShutdownUser"/> and <see cref="ShutdownReject"/>, created when missing by the host at start
/// and by the tests before they start it (the tests need them to exist to lock them and count their rows).
/// </summary>
public static class ShutdownSchema
{
    /// <summary>The default table of <see cref="ShutdownUser"/> rows: what its <c>[BatchTable]</c> says.</summary>
    public static string UsersTable => ShutdownUserFlow.Table.Name;

    /// <summary>The table of <see cref="ShutdownReject"/> rows.</summary>
    public static string RejectsTable => ShutdownRejectFlow.Table.Name;

    /// <summary>
    /// The table description of <see cref="ShutdownUser"/> rows under another table name (<c>--table</c>): the generated
    /// one when <paramref name="table"/> is its own name. Dead-letter files name their table, so a replay needs the same.
    /// </summary>
    public static TableDescription<ShutdownUser> Users(string table)
    {
        var generated = ShutdownUserFlow.Table;
        return table == generated.Name
            ? generated
            : new TableDescription<ShutdownUser>(table, generated.Conflict, generated.Columns, generated.KeyComparer, generated.Writer, generated.Reader);
    }

    /// <summary>A Microsoft.Data.Sqlite connection string from a file path, or the connection string itself when it is one.</summary>
    public static string SqliteConnectionString(string pathOrConnectionString) =>
        pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? pathOrConnectionString
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString }.ConnectionString;

    /// <summary>Creates the tables when missing, in WAL mode (readers and the writer do not block each other).</summary>
    public static void CreateSqlite(string connectionString, string usersTable)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS {Quote(usersTable)} (id INTEGER NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS {Quote(RejectsTable)} (id INTEGER NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL);
            """);
        command.ExecuteNonQuery();
    }

    /// <summary>Creates the tables when missing, in the first schema of the connection's <c>search_path</c>.</summary>
    public static async Task CreatePostgresAsync(NpgsqlDataSource dataSource, string usersTable)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(string.Create(CultureInfo.InvariantCulture, $"""
            CREATE TABLE IF NOT EXISTS {Quote(usersTable)} (id bigint NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {Quote(RejectsTable)} (id bigint NOT NULL, note text NOT NULL, created_at timestamptz NOT NULL);
            """));
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>An identifier quoted for SQLite and PostgreSQL alike.</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
