using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WorkerService;

/// <summary>The local SQLite file the worker writes to: created empty at start, counted at the end.</summary>
public static class EventsDatabase
{
    public static void Create(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE events (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, value REAL NOT NULL, recorded_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>The rows stored, and a few of the last ones, read back from the file.</summary>
    public static (long Count, List<string> Last) ReadBack(string connectionString, int last)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        var rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);

        using var query = connection.CreateCommand();
        query.CommandText = "SELECT id, sensor, value, recorded_at FROM events ORDER BY id DESC LIMIT $last";
        query.Parameters.AddWithValue("$last", last);
        using var reader = query.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(0),8}  {reader.GetString(1),-10} {reader.GetDouble(2),8:F2}  {reader.GetString(3)}"));
        }

        lines.Reverse();
        return (rows, lines);
    }
}
