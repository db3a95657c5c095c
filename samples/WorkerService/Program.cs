// WorkerService: a .NET Worker Service whose hosted producer writes sensor readings through BatchFlow.Generated.Hosting
// into a local SQLite file (worker.db), with a health check, OpenTelemetry metrics (meter "BatchFlow") and traces
// (source "BatchFlow") on the console exporter, and the flow's options bound from appsettings.json ("BatchFlow:Events").
// It runs for Worker:RunFor (5 s) by itself, or until Ctrl+C / SIGTERM, then stops: the hosting package completes the
// flow after the producer has stopped, and the rows are read back from the file.
//   dotnet run --project samples/WorkerService
using BatchFlow;
using BatchFlow.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WorkerService;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    // appsettings.json sits beside the binary, whatever folder `dotnet run --project` is started from.
    ContentRootPath = AppContext.BaseDirectory,
});

var connectionString = builder.Configuration.GetConnectionString("Events") ?? "Data Source=worker.db";
EventsDatabase.Create(connectionString);
var settings = WorkerSettings.From(builder.Configuration);

// The flow: a singleton with options from "BatchFlow:Events", validated at start, completed when the host stops.
builder.Services.AddBatchFlow((_, options) => SensorEventFlow.Sqlite(connectionString, options))
    .BindConfiguration("BatchFlow:Events");
builder.Services.AddHealthChecks().AddBatchFlowCheck<SensorEventFlow>();

builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<SensorProducer>();
builder.Services.AddHostedService<HealthReporter>();

builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("BatchFlow.WorkerService"))
    .WithMetrics(metrics => metrics
        .AddMeter(BatchFlowTelemetry.Name)
        .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000))
    .WithTracing(tracing => tracing
        .AddSource(BatchFlowTelemetry.Name)
        .AddConsoleExporter());

using var host = builder.Build();
var events = host.Services.GetRequiredService<SensorEventFlow>();
await host.RunAsync();

// The host has stopped and disposed its services; OpenTelemetry has exported the last metrics above.
var status = events.GetStatus();
var (stored, last) = EventsDatabase.ReadBack(connectionString, last: 5);
Console.WriteLine();
Console.WriteLine($"Flow into '{events.TableName}': {status.Accepted:N0} accepted, {status.Written:N0} written, {status.Failed:N0} failed, {status.DeadLettered:N0} dead-lettered.");
Console.WriteLine($"Rows read back from {connectionString}: {stored:N0}; the last ones:");
foreach (var line in last)
{
    Console.WriteLine(line);
}

return stored == status.Accepted ? 0 : 1;
