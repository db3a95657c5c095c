using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BatchFlow.Hosting.Tests;

/// <summary>A hosted flow measures through the host's <see cref="IMeterFactory"/>, so its metrics stay with the host.</summary>
public sealed class MeterFactoryTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_hosted_flows_measurements_come_from_a_meter_of_the_hosts_meter_factory()
    {
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options));
        using var host = builder.Build();
        await host.StartAsync();

        // The collectors listen only to meters that this host's factory created.
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        using var submitted = new MetricCollector<long>(meterFactory, BatchFlowTelemetry.Name, BatchFlowTelemetry.RowsSubmitted);
        using var written = new MetricCollector<long>(meterFactory, BatchFlowTelemetry.Name, BatchFlowTelemetry.RowsWritten);
        var flow = host.Services.GetRequiredService<EventFlow>();
        foreach (var row in Rows.Events(250))
        {
            await flow.SubmitAsync(row);
        }

        await flow.FlushAsync();

        Assert.Same(meterFactory, written.Instrument?.Meter.Scope);
        Assert.Equal(250, submitted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(250, written.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(written.GetMeasurementSnapshot(), m => Assert.Equal("events", m.Tags[BatchFlowTelemetry.CollectionTag]));
        await host.StopAsync();
    }
}
