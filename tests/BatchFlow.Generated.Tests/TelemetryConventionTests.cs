using System.Diagnostics;
using BatchFlow.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BatchFlow.Tests;

/// <summary>
/// Pins the names, units and tags a flow reports, as OpenTelemetry's SDK sees them: a rename is a breaking change for
/// every dashboard and alert built on them, so it must show up here.
/// </summary>
public sealed class TelemetryConventionTests
{
    [Fact]
    public async Task Metrics_and_spans_follow_the_database_conventions_where_one_exists()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        var table = Items.Table();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(BatchFlowTelemetry.Name).AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(BatchFlowTelemetry.Name).AddInMemoryExporter(spans).Build();

        var sink = new TestSink(table)
        {
            OnWrite = (rows, _) => rows.Any(r => r.Id == 3) ? throw new PermanentTestException("bad row 3") : ValueTask.CompletedTask,
        };
        await using (var flow = new BatchFlow<Item>(sink, new BatchFlowOptions<Item> { FlushSize = 4, OnFailure = _ => ValueTask.CompletedTask }))
        {
            foreach (var item in Items.Range(1, 8))
            {
                await flow.SubmitAsync(item);
            }
        }

        meterProvider.ForceFlush();
        tracerProvider.ForceFlush();
        var ours = metrics
            .Where(m => m.MeterName == BatchFlowTelemetry.Name)
            .SelectMany(m => Points(m).Select(p => (m.Name, m.Unit, Tags: p)))
            .Where(p => Equals(p.Tags.GetValueOrDefault("db.collection.name"), table.Name))
            .ToList();

        Assert.Equal(
            new SortedSet<string>
            {
                "batchflow.batch.size {row}",
                "batchflow.flush.duration s",
                "batchflow.queue.wait s",
                "batchflow.rows.failed {row}",
                "batchflow.rows.submitted {row}",
                "batchflow.rows.written {row}",
                "batchflow.writes.in_flight {batch}",
                "db.client.operation.duration s",
            },
            new SortedSet<string>(ours.Select(p => p.Name + " " + p.Unit)));
        Assert.All(ours, p => Assert.Equal("test", p.Tags["db.system.name"]));
        var operations = ours.Where(p => p.Name == "db.client.operation.duration").Select(p => p.Tags).ToList();
        Assert.All(operations, tags => Assert.Equal("BATCH INSERT", tags["db.operation.name"]));
        Assert.Contains(operations, tags => Equals(tags.GetValueOrDefault("error.type"), typeof(PermanentTestException).FullName));
        Assert.Contains(operations, tags => !tags.ContainsKey("error.type"));
        Assert.All(ours.Where(p => p.Name == "batchflow.rows.failed"), p => Assert.Equal(typeof(PermanentTestException).FullName, p.Tags["error.type"]));

        var batchSpans = spans.Where(s => Equals(s.GetTagItem("db.collection.name"), table.Name)).ToList();
        Assert.Equal(2, batchSpans.Count);
        Assert.All(batchSpans, s =>
        {
            Assert.Equal("BATCH INSERT " + table.Name, s.DisplayName);
            Assert.Equal(ActivityKind.Internal, s.Kind);
            Assert.Equal("test", s.GetTagItem("db.system.name"));
            Assert.Equal("BATCH INSERT", s.GetTagItem("db.operation.name"));
            Assert.Equal(4, s.GetTagItem("db.operation.batch.size"));
        });
        var failed = Assert.Single(batchSpans, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(typeof(PermanentTestException).FullName, failed.GetTagItem("error.type"));
        var exception = Assert.Single(failed.Events, e => e.Name == "exception");
        Assert.Equal(typeof(PermanentTestException).FullName, exception.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Equal(ActivityStatusCode.Ok, Assert.Single(batchSpans, s => s.Status != ActivityStatusCode.Error).Status);
    }

    [Fact]
    public void The_meter_and_activity_source_carry_the_package_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+", BatchFlowTelemetry.Version);
        Assert.DoesNotContain("+", BatchFlowTelemetry.Version, StringComparison.Ordinal);
        Assert.Equal(BatchFlowTelemetry.Version, FlowInstruments.Shared.Meter.Version);
        Assert.Equal(BatchFlowTelemetry.Version, BatchFlowTelemetry.ActivitySource.Version);
    }

    private static IEnumerable<Dictionary<string, object?>> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            yield return tags;
        }
    }
}
