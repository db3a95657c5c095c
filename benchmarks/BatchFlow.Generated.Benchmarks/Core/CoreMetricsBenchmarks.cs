using System.Diagnostics.Metrics;
using BatchFlow.Benchmarks.Rows;
using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// What the flow's metrics cost per row when something listens to the <c>BatchFlow</c> meter, as an OpenTelemetry
/// exporter does in production: one producer submitting to a do-nothing sink, without and with a listener. The
/// listener only adds each measurement to a total, so the figure is the flow's own cost of reporting, not an
/// exporter's aggregation, which comes on top of every measurement the flow makes.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Design)]
public class CoreMetricsBenchmarks
{
    private UserRow[] _rows = [];
    private UserRowFlow? _flow;
    private MeterListener? _listener;
    private long _measured;

    /// <summary>Whether a listener is subscribed to every BatchFlow instrument.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _rows = UserRows.Create(CoreSubmitBenchmarks.RowsPerInvoke);
        if (Listening)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "BatchFlow")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _measured, value));
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _measured, value));
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measured));
            _listener.Start();
        }

        _flow = UserRowFlow.Create(new NullSink<UserRow>(UserRowFlow.Table), new BatchFlowOptions { FlushSize = 1_000 });
    }

    [Benchmark(OperationsPerInvoke = CoreSubmitBenchmarks.RowsPerInvoke)]
    public async Task Submit()
    {
        var flow = _flow!;
        foreach (var row in _rows)
        {
            await flow.SubmitAsync(row).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        _listener?.Dispose();
    }
}
