using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BatchFlow.Hosting.Tests;

/// <summary>
/// The host's stop completes every flow of the container, however it was registered. Rows are held in the flow until
/// it completes (<see cref="TestHost.HoldRows"/>), and counted after <c>StopAsync</c> but before the container is
/// disposed: it is the stop that writes them, not the container's disposal (which skips instances it was handed).
/// </summary>
public sealed class LifetimeTests : IDisposable
{
    private const int RowCount = 5_000;
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Stopping_the_host_stores_every_row_of_a_flow_added_with_AddBatchFlow()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        using var host = builder.Build();
        await host.StartAsync();

        var flow = host.Services.GetRequiredService<EventFlow>();
        await SubmitAsync(flow, Rows.Events(RowCount));
        Assert.Equal(0, _database.Count("events"));

        await host.StopAsync();
        Assert.True(flow.Completion.IsCompletedSuccessfully);
        Assert.Equal(RowCount, _database.Count("events"));
    }

    [Fact]
    public async Task Stopping_the_host_stores_every_row_of_keyed_flows()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddKeyedBatchFlow("first", (_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        builder.Services.AddKeyedBatchFlow("second", (_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        using var host = builder.Build();
        await host.StartAsync();

        var first = host.Services.GetRequiredKeyedService<EventFlow>("first");
        var second = host.Services.GetRequiredKeyedService<EventFlow>("second");
        Assert.NotSame(first, second);
        await SubmitAsync(first, Rows.Events(RowCount));
        await SubmitAsync(second, Rows.Events(RowCount, start: RowCount + 1));

        await host.StopAsync();
        Assert.Equal(2 * RowCount, _database.Count("events"));
    }

    [Fact]
    public async Task Stopping_the_host_stores_every_row_of_a_flow_registered_as_an_instance()
    {
        var flow = EventFlow.Sqlite(_database.ConnectionString, TestHost.HoldingRows());
        var builder = TestHost.CreateBuilder();
        builder.Services.AddSingleton(flow).AddBatchFlowLifetime();
        using var host = builder.Build();
        await host.StartAsync();

        await SubmitAsync(flow, Rows.Events(RowCount));
        await host.StopAsync();
        Assert.True(flow.Completion.IsCompletedSuccessfully);
        Assert.Equal(RowCount, _database.Count("events"));
    }

    [Fact]
    public async Task Stopping_the_host_stores_every_row_of_a_flow_registered_by_a_factory()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddSingleton(_ => EventFlow.Sqlite(_database.ConnectionString, TestHost.HoldingRows())).AddBatchFlowLifetime();
        using var host = builder.Build();
        await host.StartAsync();

        var flow = host.Services.GetRequiredService<EventFlow>();
        await SubmitAsync(flow, Rows.Events(RowCount));
        await host.StopAsync();
        Assert.Equal(RowCount, _database.Count("events"));
    }

    [Fact]
    public async Task Stopping_the_host_stores_every_row_of_flows_registered_as_IBatchFlow()
    {
        var instance = EventFlow.Sqlite(_database.ConnectionString, TestHost.HoldingRows());
        var builder = TestHost.CreateBuilder();
        builder.Services.AddSingleton<IBatchFlow>(instance);
        builder.Services.AddSingleton<IBatchFlow>(_ => EventFlow.Sqlite(_database.ConnectionString, TestHost.HoldingRows()));
        builder.Services.AddBatchFlowLifetime();
        using var host = builder.Build();
        await host.StartAsync();

        var flows = host.Services.GetServices<IBatchFlow>().Cast<EventFlow>().ToList();
        Assert.Equal(2, flows.Count);
        await SubmitAsync(flows[0], Rows.Events(RowCount));
        await SubmitAsync(flows[1], Rows.Events(RowCount, start: RowCount + 1));

        await host.StopAsync();
        Assert.Equal(2 * RowCount, _database.Count("events"));
    }

    [Fact]
    public async Task A_flow_registered_under_two_services_is_completed_once()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHost.CreateBuilder(logs);
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options));
        builder.Services.AddSingleton<IBatchFlow>(sp => sp.GetRequiredService<EventFlow>());
        using var host = builder.Build();
        await host.StartAsync();

        await SubmitAsync(host.Services.GetRequiredService<EventFlow>(), Rows.Events(10));
        await host.StopAsync();
        Assert.Single(logs.Entries, e => e.Category == "BatchFlow.Hosting" && e.EventId.Id == 102);
        Assert.Contains(logs.Entries, e => e.Category == "BatchFlow.Hosting" && e.Message.Contains("completing 1 flow(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flows_are_completed_after_the_hosted_producers_have_stopped()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).Configure(o => o.FlushSize = 500);
        builder.Services.AddSingleton<Producer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Producer>());
        using var host = builder.Build();
        await host.StartAsync();

        var producer = host.Services.GetRequiredService<Producer>();
        await producer.Producing.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        // Had a flow been completed while its producer still ran, the producer would have hit a completed flow.
        Assert.Null(producer.Error);
        Assert.True(producer.Accepted >= 1_000);
        Assert.Equal(producer.Accepted, _database.Count("events"));
    }

    [Fact]
    public async Task A_flow_added_with_AddBatchFlow_that_nothing_created_is_not_created_at_stop()
    {
        var created = 0;
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) =>
        {
            Interlocked.Increment(ref created);
            return EventFlow.Sqlite(_database.ConnectionString, options);
        });
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
        Assert.Equal(0, created);
    }

    [Fact]
    public void AddBatchFlowLifetime_registers_one_hosted_service_however_often_it_is_called()
    {
        var services = new ServiceCollection();
        services.AddBatchFlowLifetime().AddBatchFlowLifetime();
        services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options));
        services.AddKeyedBatchFlow("other", (_, options) => EventFlow.Sqlite(_database.ConnectionString, options));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    private static async Task SubmitAsync(EventFlow flow, IEnumerable<Event> rows)
    {
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row);
        }
    }

    /// <summary>A hosted service that submits rows until the host stops it.</summary>
    private sealed class Producer(EventFlow flow) : BackgroundService
    {
        private readonly TaskCompletionSource _producing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _accepted;

        public Task Producing => _producing.Task;

        public long Accepted => Interlocked.Read(ref _accepted);

        public Exception? Error { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            try
            {
                for (var id = 1L; !stoppingToken.IsCancellationRequested; id++)
                {
                    await flow.SubmitAsync(new Event(id, "event " + id), stoppingToken);
                    if (Interlocked.Increment(ref _accepted) == 1_000)
                    {
                        _producing.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                Error = exception;
                _producing.TrySetException(exception);
            }
        }
    }
}
