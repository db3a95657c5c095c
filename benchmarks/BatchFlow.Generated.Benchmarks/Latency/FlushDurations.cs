using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BatchFlow.Benchmarks.Latency;

/// <summary>
/// Listens to the flows' <c>batchflow.flush.duration</c> and <c>batchflow.batch.size</c> histograms (the process-wide
/// <c>BatchFlow</c> meter) and keeps every measurement since <see cref="Clear"/>: how long each batch write took, and
/// how many rows it held, beside the rows' own latencies.
/// </summary>
internal sealed class FlushDurations : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<double> _seconds = new();
    private readonly ConcurrentQueue<int> _sizes = new();

    public FlushDurations()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BatchFlowTelemetry.Name && instrument.Name is BatchFlowTelemetry.FlushDuration or BatchFlowTelemetry.BatchSize)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => _seconds.Enqueue(seconds));
        _listener.SetMeasurementEventCallback<int>((_, rows, _, _) => _sizes.Enqueue(rows));
        _listener.Start();
    }

    /// <summary>Batch writes since <see cref="Clear"/>, in seconds.</summary>
    public double[] Seconds => [.. _seconds];

    /// <summary>Rows per batch since <see cref="Clear"/>.</summary>
    public int[] Sizes => [.. _sizes];

    public void Clear()
    {
        _seconds.Clear();
        _sizes.Clear();
    }

    public void Dispose() => _listener.Dispose();
}
