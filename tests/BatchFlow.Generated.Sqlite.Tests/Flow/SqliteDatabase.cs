using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests.Flow;

/// <summary>A SQLite file in a temp folder, deleted with the test.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("batchflow-").FullName;

    public SqliteDatabase(string schema)
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "test.db") }.ToString();
        Execute("PRAGMA journal_mode = WAL;");
        Execute(schema);
    }

    public string ConnectionString { get; }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<TRow> Query<TRow>(string sql, Func<SqliteDataReader, TRow> map)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<TRow>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may still be closing; the temp folder is cleaned by the OS.
        }
    }
}
