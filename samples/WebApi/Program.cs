// WebApi: an ASP.NET Core minimal API whose POST /orders answers 201 Created only once the order is committed.
// Each request calls SubmitAndWaitAsync on one OrderFlow (registered with BatchFlow.Generated.Hosting), so
// concurrent requests share batches while each still hears about its own row: committed (201), refused by a
// constraint of the database (409, the rest of the batch is committed), or the service is shutting down (503).
// SQLite (orders.db under the content root) by default; PostgreSQL when ConnectionStrings:Postgres is set.
//   dotnet run --project samples/WebApi          (README.md beside this file has curl examples)
using BatchFlow;
using BatchFlow.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebApi;

var builder = WebApplication.CreateBuilder(args);

// The store is chosen when first resolved, from the configuration as the host finally has it.
builder.Services.AddSingleton(sp => OrderStore.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
builder.Services.TryAddSingleton(TimeProvider.System);

// One flow for every request: options from "BatchFlow:Orders", validated at start, completed when the host stops
// (every order accepted by then is written before the process ends). Its clock is the container's.
builder.Services
    .AddBatchFlow((sp, options) => sp.GetRequiredService<OrderStore>().CreateFlow(
        new BatchFlowOptions<Order>(options) { TimeProvider = sp.GetRequiredService<TimeProvider>() }))
    .BindConfiguration("BatchFlow:Orders");
builder.Services.AddHealthChecks().AddBatchFlowCheck<OrderFlow>();
builder.Services.AddProblemDetails();

var app = builder.Build();
await app.Services.GetRequiredService<OrderStore>().CreateTableAsync(app.Lifetime.ApplicationStopping);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOrders();
app.MapHealthChecks("/health");

await app.RunAsync();
