using System.Diagnostics;
using System.Globalization;
using BatchFlow.ShutdownHost;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>A SQLite file in WAL mode in a temp folder of the test's own.</summary>
public sealed class SqliteShutdownDatabase : ShutdownDatabase
{
    private readonly TempDirectory _folder = new("batchflow-shutdown-sqlite");

    public SqliteShutdownDatabase()
    {
        Path = _folder.File("rows.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ConnectionString;
        ShutdownSchema.CreateSqlite(ConnectionString, ShutdownSchema.UsersTable);
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public override IReadOnlyList<string> HostArguments => ["--db", "sqlite", "--connection", Path];

    public override async Task<StoredRows> CountAsync(string table)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(DISTINCT id), coalesce(max(id), 0) FROM {ShutdownSchema.Quote(table)}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new StoredRows(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c> on a connection of the test's own, held until disposed: SQLite's single write lock. The
    /// host starts its next transaction as soon as one commits, and SQLite's busy handler sleeps between its tries, so
    /// a waiting <c>BEGIN</c> would rarely get in; instead the lock is tried without waiting, in a spin, which takes it
    /// in the gap between two of the host's transactions.
    /// </summary>
    public override async Task<IAsyncDisposable> HoldWriteLockAsync(string table, TimeSpan timeout)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        try
        {
            var database = connection.Handle!;
            Check(raw.sqlite3_busy_timeout(database, 0), database);
            await Task.Factory.StartNew(
                () =>
                {
                    var clock = Stopwatch.StartNew();
                    int rc;
                    while ((rc = raw.sqlite3_exec(database, "BEGIN IMMEDIATE")) == raw.SQLITE_BUSY)
                    {
                        if (clock.Elapsed > timeout)
                        {
                            throw new TimeoutException($"The SQLite write lock of {Path} was not free once within {timeout.TotalSeconds} s.");
                        }

                        Thread.SpinWait(50);
                    }

                    Check(rc, database);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            return new Lock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override ShutdownUserFlow UsersFlow(BatchFlowOptions? options = null) => ShutdownUserFlow.Sqlite(ConnectionString, options);

    public override ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Check(int rc, sqlite3 database)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"SQLite error {rc}: {raw.sqlite3_errmsg(database).utf8_to_string()}"));
        }
    }

    private sealed class Lock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Check(raw.sqlite3_exec(connection.Handle!, "ROLLBACK"), connection.Handle!);
            await connection.DisposeAsync();
        }
    }
}
