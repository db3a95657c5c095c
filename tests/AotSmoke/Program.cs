// NativeAOT smoke test (eng/aot-check.sh): writes rows through the generated flows of every provider and reads
// them back. SQLite always, into a temp file; PostgreSQL when BATCHFLOW_POSTGRES holds a connection string, in a
// schema of its own that is dropped afterwards; MySQL/MariaDB when BATCHFLOW_MYSQL does, in a database of its own. Prints one line per check and exits non-zero on any mismatch.
using System.Globalization;
using AotSmoke;
using BatchFlow;
using BatchFlow.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using Npgsql;

const int Rows = 500;
var failures = new List<string>();
var reported = 0;

BatchFlowOptions<T> Options<T>() => new()
{
    FlushSize = 100,
    OnFailure = failure =>
    {
        Interlocked.Add(ref reported, failure.Rows.Count);
        Console.Error.WriteLine($"  {failure.Rows.Count} row(s) failed: {failure.Exception.Message}");
        return ValueTask.CompletedTask;
    },
};

static Reading MakeReading(long id, int version) => new(
    id,
    $"reading {id} v{version}",
    id % 3 == 0 ? null : $"note {id}",
    id * 0.5 + version,
    id * 1.25m + version,
    id % 2 == 0,
    new Guid((int)id, 0, 0, [0, 0, 0, 0, 0, 0, 0, (byte)version]),
    new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(id),
    id % 2 == 0 ? Sensor.Thermometer : Sensor.Barometer,
    id % 4 == 0 ? null : [(byte)id, (byte)version]);

static Event MakeEvent(int id) => new(id, id % 2 == 0 ? "start" : "stop", new DateOnly(2026, 1, 1).AddDays(id % 30));

void Check(string what, object? actual, object? expected)
{
    var ok = Equals(actual, expected);
    Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}: {actual}{(ok ? "" : $" (expected {expected})")}");
    if (!ok)
    {
        failures.Add(what);
    }
}

// Writes version 1 of every reading, then version 2 of the first half (an upsert), and the events.
async Task WriteAsync(BatchFlow<Reading> readings, BatchFlow<Event> events)
{
    await using (readings)
    await using (events)
    {
        for (var id = 1; id <= Rows; id++)
        {
            await readings.SubmitAsync(MakeReading(id, 1));
            await events.SubmitAsync(MakeEvent(id));
        }

        await readings.FlushAsync();
        for (var id = 1; id <= Rows / 2; id++)
        {
            await readings.SubmitAsync(MakeReading(id, 2));
        }
    }
}

// --- SQLite ---------------------------------------------------------------------------------------------------------
var path = Path.Combine(Path.GetTempPath(), $"batchflow-aot-{Environment.ProcessId}.db");
var sqlite = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
try
{
    Console.WriteLine($"SQLite ({path})");
    using (var connection = new SqliteConnection(sqlite))
    {
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE aot_readings (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, value REAL NOT NULL,
                amount TEXT NOT NULL, active INTEGER NOT NULL, token TEXT NOT NULL, taken_at TEXT NOT NULL,
                sensor INTEGER NOT NULL, payload BLOB);
            CREATE TABLE aot_events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, day TEXT NOT NULL);
            """;
        create.ExecuteNonQuery();
    }

    await WriteAsync(ReadingFlow.Sqlite(sqlite, Options<Reading>()), EventFlow.Sqlite(sqlite, Options<Event>()));

    using (var connection = new SqliteConnection(sqlite))
    {
        connection.Open();
        object? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        Check("readings stored", Scalar("SELECT COUNT(*) FROM aot_readings"), (long)Rows);
        Check("readings updated to v2", Scalar("SELECT COUNT(*) FROM aot_readings WHERE name LIKE '% v2'"), (long)(Rows / 2));
        Check("events stored", Scalar("SELECT COUNT(*) FROM aot_events"), (long)Rows);
        Check("reading 3 note is null", Scalar("SELECT note IS NULL FROM aot_readings WHERE id = 3"), 1L);
        Check("reading 7 amount", Scalar("SELECT amount FROM aot_readings WHERE id = 7"), (7 * 1.25m + 2).ToString(CultureInfo.InvariantCulture));
        Check("reading 2 value", Scalar("SELECT value FROM aot_readings WHERE id = 2"), 2 * 0.5 + 2);
        Check("reading 5 payload length", Scalar("SELECT length(payload) FROM aot_readings WHERE id = 5"), 2L);
        Check("reading 6 sensor", Scalar("SELECT sensor FROM aot_readings WHERE id = 6"), (long)Sensor.Thermometer);
    }

    // The hosting package: a flow registered with AddBatchFlow, options bound from configuration, a health check,
    // and the host's stop completing the flow.
    using (var connection = new SqliteConnection(sqlite))
    {
        connection.Open();
        using var drop = connection.CreateCommand();
        drop.CommandText = "DELETE FROM aot_events";
        drop.ExecuteNonQuery();
    }

    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection([new("BatchFlow:Events:FlushSize", "50"), new("BatchFlow:Events:LingerTime", "00:00:00.050")]);
    var boundFlushSize = 0;
    builder.Services
        .AddBatchFlow((_, options) =>
        {
            boundFlushSize = options.FlushSize ?? 0;
            return EventFlow.Sqlite(sqlite, options);
        })
        .BindConfiguration("BatchFlow:Events");
    builder.Services.AddHealthChecks().AddBatchFlowCheck<EventFlow>();
    using (var host = builder.Build())
    {
        await host.StartAsync();
        var hosted = host.Services.GetRequiredService<EventFlow>();
        for (var id = 1; id <= Rows; id++)
        {
            await hosted.SubmitAsync(MakeEvent(id));
        }

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Check("hosted flow health", health.Status, HealthStatus.Healthy);
        await host.StopAsync();
        Check("hosted flow completed by the host", hosted.Completion.IsCompletedSuccessfully, true);
    }

    Check("hosted options bound from configuration", boundFlushSize, 50);
    using (var connection = new SqliteConnection(sqlite))
    {
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM aot_events";
        Check("hosted events stored", count.ExecuteScalar(), (long)Rows);
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    foreach (var file in new[] { path, path + "-wal", path + "-shm" })
    {
        File.Delete(file);
    }
}

// --- PostgreSQL -----------------------------------------------------------------------------------------------------
if (Environment.GetEnvironmentVariable("BATCHFLOW_POSTGRES") is { Length: > 0 } postgres)
{
    var schema = $"batchflow_aot_{Environment.ProcessId}_{DateTime.UtcNow.Ticks % 1_000_000}";
    Console.WriteLine($"PostgreSQL (schema {schema})");
    var connectionString = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema, ApplicationName = schema }.ConnectionString;
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    async Task<object?> Scalar(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    await Scalar($"""
        CREATE SCHEMA "{schema}";
        CREATE TABLE "{schema}".aot_readings (id bigint PRIMARY KEY, name text NOT NULL, note text, value double precision NOT NULL,
            amount numeric NOT NULL, active boolean NOT NULL, token uuid NOT NULL, taken_at timestamptz NOT NULL,
            sensor integer NOT NULL, payload bytea);
        CREATE TABLE "{schema}".aot_events (id integer PRIMARY KEY, kind text NOT NULL, day date NOT NULL);
        """);
    try
    {
        await WriteAsync(ReadingFlow.Postgres(dataSource, Options<Reading>()), EventFlow.Postgres(dataSource, Options<Event>()));
        Check("readings stored", await Scalar("SELECT COUNT(*) FROM aot_readings"), (long)Rows);
        Check("readings updated to v2", await Scalar("SELECT COUNT(*) FROM aot_readings WHERE name LIKE '% v2'"), (long)(Rows / 2));
        Check("events stored", await Scalar("SELECT COUNT(*) FROM aot_events"), (long)Rows);
        Check("reading 3 note is null", await Scalar("SELECT note IS NULL FROM aot_readings WHERE id = 3"), true);
        Check("reading 7 amount", await Scalar("SELECT amount FROM aot_readings WHERE id = 7"), 7 * 1.25m + 2);
        Check("reading 5 payload length", await Scalar("SELECT length(payload) FROM aot_readings WHERE id = 5"), 2);
        Check("event 10 day", await Scalar("SELECT day FROM aot_events WHERE id = 10"), (object)MakeEvent(10).Day);
    }
    finally
    {
        await Scalar($"""DROP SCHEMA "{schema}" CASCADE""");
    }
}
else
{
    Console.WriteLine("PostgreSQL: skipped (BATCHFLOW_POSTGRES is not set)");
}

// --- MySQL / MariaDB ------------------------------------------------------------------------------------------------
if (Environment.GetEnvironmentVariable("BATCHFLOW_MYSQL") is { Length: > 0 } mysql)
{
    var database = $"batchflow_test_aot_{Environment.ProcessId}";
    Console.WriteLine($"MySQL (database {database})");
    await using (var admin = new MySqlDataSource(mysql))
    {
        await using var create = admin.CreateCommand($"CREATE DATABASE `{database}`");
        await create.ExecuteNonQueryAsync();
    }

    await using var dataSource = new MySqlDataSource(new MySqlConnectionStringBuilder(mysql) { Database = database }.ConnectionString);
    async Task<object?> Scalar(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    try
    {
        await Scalar("""
            CREATE TABLE aot_readings (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT NULL, value DOUBLE NOT NULL,
                amount DECIMAL(20,4) NOT NULL, active TINYINT(1) NOT NULL, token CHAR(36) NOT NULL, taken_at DATETIME(6) NOT NULL,
                sensor INT NOT NULL, payload BLOB NULL);
            CREATE TABLE aot_events (id INT PRIMARY KEY, kind VARCHAR(10) NOT NULL, day DATE NOT NULL);
            """);
        await WriteAsync(ReadingFlow.MySql(dataSource, Options<Reading>()), EventFlow.MySql(dataSource, Options<Event>()));
        Check("readings stored", await Scalar("SELECT COUNT(*) FROM aot_readings"), (long)Rows);
        Check("readings updated to v2", await Scalar("SELECT COUNT(*) FROM aot_readings WHERE name LIKE '% v2'"), (long)(Rows / 2));
        Check("events stored", await Scalar("SELECT COUNT(*) FROM aot_events"), (long)Rows);
        Check("reading 3 note is null", Convert.ToInt64(await Scalar("SELECT note IS NULL FROM aot_readings WHERE id = 3"), CultureInfo.InvariantCulture), 1L);
        Check("reading 7 amount", await Scalar("SELECT amount FROM aot_readings WHERE id = 7"), 10.7500m);
        Check("reading 5 payload length", Convert.ToInt64(await Scalar("SELECT LENGTH(payload) FROM aot_readings WHERE id = 5"), CultureInfo.InvariantCulture), 2L);
    }
    finally
    {
        await Scalar($"DROP DATABASE `{database}`");
    }
}
else
{
    Console.WriteLine("MySQL: skipped (BATCHFLOW_MYSQL is not set)");
}

Check("rows reported as failed", reported, 0);
Console.WriteLine(failures.Count == 0 ? "AOT smoke: all checks passed" : $"AOT smoke: {failures.Count} check(s) failed");
return failures.Count == 0 ? 0 : 1;
