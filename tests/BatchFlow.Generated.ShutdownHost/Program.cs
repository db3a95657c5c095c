// A real .NET host that writes rows as fast as it can until it is stopped, for the shutdown tests
// (tests/BatchFlow.Generated.Shutdown.Tests), which start it in a child process and send it SIGTERM:
//   dotnet BatchFlow.Generated.ShutdownHost.dll --db sqlite --connection /tmp/rows.db --registration instance
// See HostSettings.Usage for every switch and the lines it prints.
using BatchFlow;
using BatchFlow.Hosting;
using BatchFlow.ShutdownHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

HostSettings settings;
try
{
    settings = HostSettings.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(HostSettings.Usage);
    return 2;
}

await CreateTablesAsync(settings);

// The switches are this program's own, not configuration keys: the builder is not handed them (the command-line
// configuration provider would read "--second-flow-fails --capacity 10" as the key second-flow-fails = "--capacity").
// The default builder logs to the console, which the two-flows test reads.
var builder = Host.CreateApplicationBuilder();
if (settings.ShutdownTimeout is { } shutdownTimeout)
{
    builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdownTimeout);
}

var flows = new Flows(settings);
var postgres = settings.Database == Database.Postgres;
switch (settings.Registration)
{
    case Registration.Instance:
    {
        // The glue the user wrote: instances made before the container, which never disposes them. No logger
        // either: such a user has none at hand yet. Without --lifetime, only the core's process-exit safety net writes
        // their rows.
        var dataSource = postgres ? NpgsqlDataSource.Create(settings.Connection) : null;
        if (dataSource is not null)
        {
            builder.Services.AddSingleton(dataSource);
        }

        builder.Services.AddSingleton(flows.Users(dataSource, baseOptions: null));
        if (settings.SecondFlowFails)
        {
            builder.Services.AddSingleton(flows.Rejects(dataSource, baseOptions: null));
        }

        break;
    }

    case Registration.Factory:
        // Created by the container, which disposes them (DisposeAsync: complete, with no deadline) when the host is
        // disposed, after it has stopped: outside HostOptions.ShutdownTimeout, unless --lifetime completes them first.
        if (postgres)
        {
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.Connection));
        }

        builder.Services.AddSingleton(sp => flows.Users(sp.GetService<NpgsqlDataSource>(), LoggingOptions(sp)));
        if (settings.SecondFlowFails)
        {
            builder.Services.AddSingleton(sp => flows.Rejects(sp.GetService<NpgsqlDataSource>(), LoggingOptions(sp)));
        }

        break;

    case Registration.Hosting:
        HostingRegistration.Add(builder.Services, settings, flows);
        break;
}

if (settings.Lifetime)
{
    // The hosting package's lifetime alone, over flows it did not register: it finds them in the container and
    // completes them when the host stops, within HostOptions.ShutdownTimeout.
    builder.Services.AddBatchFlowLifetime();
}

builder.Services.AddHostedService(sp => new Producer(
    sp.GetRequiredService<ShutdownUserFlow>(),
    settings.SecondFlowFails ? sp.GetRequiredService<ShutdownRejectFlow>() : null));

var host = builder.Build();

// Resolved now, so that their status can still be read after RunAsync has disposed the container.
var users = host.Services.GetRequiredService<ShutdownUserFlow>();
IBatchFlow[] all = settings.SecondFlowFails ? [users, host.Services.GetRequiredService<ShutdownRejectFlow>()] : [users];

if (settings.Registration == Registration.Instance)
{
    // Nobody completes these flows before the process exits: the core's safety net does, in its own ProcessExit
    // handler, and only then are their counts final. A handler of ours cannot wait for that reliably: handlers run one
    // after another on one thread, in an order .NET does not document (today, the order they were added in, so the
    // core's handler, added when the first flow was created, runs first). Waiting here for Completion would block the
    // safety net forever if the order were the other way round. So this line is best effort and says whether the flow
    // had completed ("completed=true|false"); the tests rely on what does not depend on it: the "failed" lines that
    // OnFailure prints as failures happen (at process exit too), the dead-letter files and the rows stored.
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var flow in all)
        {
            Output.Status("exit-status", flow);
        }
    };
}

// Stops on SIGTERM or Ctrl+C (the console lifetime), then disposes the container.
await host.RunAsync();

// Final for the factory and hosting registrations (completed when the host stopped or its container was disposed);
// for the instance registration, a snapshot taken before the safety net completes the flows ("completed=false").
foreach (var flow in all)
{
    Output.Status("status", flow);
}

return 0;

static BatchFlowOptions LoggingOptions(IServiceProvider services) =>
    new() { LoggerFactory = services.GetRequiredService<ILoggerFactory>() };

static async Task CreateTablesAsync(HostSettings settings)
{
    if (settings.Database == Database.Sqlite)
    {
        ShutdownSchema.CreateSqlite(ShutdownSchema.SqliteConnectionString(settings.Connection), settings.Table);
        return;
    }

    await using var dataSource = NpgsqlDataSource.Create(settings.Connection);
    await ShutdownSchema.CreatePostgresAsync(dataSource, settings.Table);
}
