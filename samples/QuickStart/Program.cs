// QuickStart: writes 1,000,000 rows into a local SQLite file through the generated UserFlow, shows progress,
// then prints rows/s and the row count read back from the file. Needs no server.
//   dotnet run --project samples/QuickStart [-- rows [path]]
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using BatchFlow;
using Microsoft.Data.Sqlite;
using QuickStart;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var path = Path.GetFullPath(args.Length > 1 ? args[1] : "quickstart.db");
var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

PrepareDatabase(connectionString, path);
Console.WriteLine($"Writing {rows:N0} users into {path}");

// Progress comes from the flow's own metrics: rows committed so far.
long written = 0, failed = 0;
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == BatchFlowTelemetry.Name && instrument.Name is BatchFlowTelemetry.RowsWritten or BatchFlowTelemetry.RowsFailed)
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
    Interlocked.Add(ref instrument.Name == BatchFlowTelemetry.RowsWritten ? ref written : ref failed, value));
listener.Start();

var options = new BatchFlowOptions<User>
{
    OnFailure = failure =>
    {
        Console.Error.WriteLine($"{failure.Rows.Count} row(s) failed after {failure.Attempts} attempt(s): {failure.Exception.Message}");
        return ValueTask.CompletedTask;
    },
};

var clock = Stopwatch.StartNew();
using var progress = StartProgress(() => Interlocked.Read(ref written), rows);
await using (var users = UserFlow.Sqlite(connectionString, options))
{
    var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    for (var id = 1; id <= rows; id++)
    {
        await users.SubmitAsync(new User(id, $"user {id}", id % 10 == 0 ? null : $"user{id}@example.com", start.AddSeconds(id)));
    }
}   // DisposeAsync: writes what is buffered and waits for every write in flight.

clock.Stop();
progress.Cancel();
Console.WriteLine();

await using var connection = new SqliteConnection(connectionString);
await connection.OpenAsync();
await using var count = connection.CreateCommand();
count.CommandText = "SELECT COUNT(*) FROM users";
var stored = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);

Console.WriteLine($"Wrote {written:N0} rows in {clock.Elapsed.TotalSeconds:N2} s: {written / clock.Elapsed.TotalSeconds:N0} rows/s ({failed:N0} failed)");
Console.WriteLine($"Rows read back from {Path.GetFileName(path)}: {stored:N0}");
return stored == rows ? 0 : 1;

static void PrepareDatabase(string connectionString, string path)
{
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
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL);
        """;
    command.ExecuteNonQuery();
}

static CancellationTokenSource StartProgress(Func<long> written, int total)
{
    var cts = new CancellationTokenSource();
    var interactive = !Console.IsOutputRedirected;
    _ = Task.Run(async () =>
    {
        var clock = Stopwatch.StartNew();
        var lastQuarter = 0L;
        while (!cts.IsCancellationRequested)
        {
            var done = written();
            if (interactive)
            {
                Console.Write($"\r  {done,12:N0} / {total:N0} rows  {100.0 * done / total,5:N1} %  {done / Math.Max(clock.Elapsed.TotalSeconds, 0.001),12:N0} rows/s");
            }
            else if (done * 4 / total > lastQuarter)
            {
                lastQuarter = done * 4 / total;
                Console.WriteLine($"  {done:N0} / {total:N0} rows");
            }

            try
            {
                await Task.Delay(200, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    });
    return cts;
}
