using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Hosting.Tests;

/// <summary>A SQLite file with the tables of <see cref="Rows"/>, in its own temporary directory, deleted on dispose.</summary>
public sealed class SqliteFile : IDisposable
{
    private readonly string _directory;

    public SqliteFile()
    {
        _directory = Path.Combine(Path.GetTempPath(), "batchflow-hosting-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(_directory);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "test.db") }.ConnectionString;
        Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE scores (id INTEGER PRIMARY KEY, points INTEGER NOT NULL CHECK (points >= 0));
            """);
    }

    public string ConnectionString { get; }

    /// <summary>A directory beside the database, e.g. for dead-letter files.</summary>
    public string Directory => _directory;

    public long Count(string table)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a failed test): the temporary folder is cleaned by the system.
        }
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
