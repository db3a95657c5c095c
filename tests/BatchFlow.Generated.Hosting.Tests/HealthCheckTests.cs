using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace BatchFlow.Hosting.Tests;

/// <summary>
/// Health checks of hosted flows over a sink whose attempts the test lets through one by one (<see cref="GatedSink"/>):
/// every step is known, so no clock is involved.
/// </summary>
public sealed class HealthCheckTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_flow_is_degraded_near_capacity_and_healthy_again_once_the_sink_catches_up()
    {
        var sink = new GatedSink();
        using var host = await StartAsync(sink, o =>
        {
            o.Capacity = 10;
            o.FlushSize = 1;
            o.MaxConcurrentFlushes = 1;
        });
        using var release = sink.OpenWhenDisposed();
        var flow = host.Services.GetRequiredService<EventFlow>();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);

        // The first row's write stalls; the reader holds the next row at most; the queue then fills up.
        Assert.True(flow.TrySubmit(new Event(1, "first")));
        await sink.NextAttemptAsync();
        var id = 2;
        while (flow.TrySubmit(new Event(id, "event " + id)))
        {
            id++;
        }

        var degraded = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.True((long)degraded.Data["queued"] >= 9);
        Assert.Equal(10, degraded.Data["capacity"]);
        Assert.Equal((long)(id - 1), degraded.Data["accepted"]);
        Assert.Contains("'events'", degraded.Description, StringComparison.Ordinal);

        sink.Open();
        await flow.FlushAsync();
        var healthy = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal((long)(id - 1), healthy.Data["written"]);
        Assert.Equal(0L, healthy.Data["held"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_flow_is_unhealthy_while_writes_keep_failing_and_healthy_again_after_the_sink_recovers()
    {
        var sink = new GatedSink { Failing = true };
        using var host = await StartAsync(sink, o =>
        {
            o.FlushSize = 1;
            o.MaxAttempts = 100;
            o.RetryBaseDelay = TimeSpan.Zero;
            o.RetryMaxDelay = TimeSpan.Zero;
        });
        using var release = sink.OpenWhenDisposed();
        var flow = host.Services.GetRequiredService<EventFlow>();
        await flow.SubmitAsync(new Event(1, "first"));

        // Attempt n + 1 waiting for its permit means that attempt n has failed and been counted.
        Assert.Equal(1, await sink.NextAttemptAsync());
        sink.Allow();
        Assert.Equal(2, await sink.NextAttemptAsync());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
        sink.Allow();
        Assert.Equal(3, await sink.NextAttemptAsync());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
        sink.Allow();
        Assert.Equal(4, await sink.NextAttemptAsync());

        var unhealthy = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.IsType<TransientTestException>(unhealthy.Exception);
        Assert.Equal(3, unhealthy.Data["failed-attempts-in-a-row"]);
        Assert.Contains("The test database is away.", unhealthy.Description, StringComparison.Ordinal);

        sink.Failing = false;
        sink.Allow();
        await flow.FlushAsync();
        var healthy = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Null(healthy.Exception);
        Assert.Equal(1L, healthy.Data["written"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_check_of_IBatchFlow_reports_every_flow_under_its_key_or_table()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options));
        builder.Services.AddKeyedBatchFlow("eu", (_, options) => EventFlow.Sqlite(_database.ConnectionString, options));
        builder.Services.AddSingleton(ScoreFlow.Sqlite(_database.ConnectionString));
        builder.Services.AddHealthChecks().AddBatchFlowCheck<IBatchFlow>(tags: ["ready"]).AddBatchFlowCheck<ScoreFlow>();
        using var host = builder.Build();
        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(["BatchFlow:eu", "BatchFlow:events", "BatchFlow:scores", "ScoreFlow"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, entry => Assert.Equal(HealthStatus.Healthy, entry.Status));
        Assert.Equal(["ready"], report.Entries["BatchFlow:eu"].Tags);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_check_of_a_flow_type_that_is_not_registered_is_unhealthy()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddHealthChecks().AddBatchFlowCheck<EventFlow>(name: "events");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = Assert.Single(report.Entries);
        Assert.Equal("events", entry.Key);
        Assert.Equal(HealthStatus.Unhealthy, entry.Value.Status);
        Assert.Contains("EventFlow", entry.Value.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 3)]
    [InlineData(1.5, 3)]
    [InlineData(double.NaN, 3)]
    [InlineData(0.9, 0)]
    public void Thresholds_out_of_range_are_refused(double degradedRatio, int unhealthyAfterFailedAttempts)
    {
        var builder = new ServiceCollection().AddHealthChecks();
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddBatchFlowCheck<EventFlow>(degradedRatio: degradedRatio, unhealthyAfterFailedAttempts: unhealthyAfterFailedAttempts));
    }

    private static async Task<IHost> StartAsync(GatedSink sink, Action<BatchFlowOptions> configure)
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) => EventFlow.Create(sink, options)).Configure(configure);
        builder.Services.AddHealthChecks().AddBatchFlowCheck<EventFlow>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["EventFlow"];
    }
}
