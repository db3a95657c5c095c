using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BatchFlow.Tests.Support;

/// <summary>Listens to the BatchFlow meter and keeps the measurements of one table.</summary>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _table;

    public MetricCollector(string table)
    {
        _table = table;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BatchFlowTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public void ObserveGauges() => _listener.RecordObservableInstruments();

    public double Sum(string name, string? reason = null) => Measurements
        .Where(m => m.Name == name && (reason is null || Equals(m.Tags.GetValueOrDefault(BatchFlowTelemetry.RejectionReasonTag), reason)))
        .Sum(m => m.Value);

    public int Count(string name) => Measurements.Count(m => m.Name == name);

    /// <summary>The values recorded for an instrument, in the order they were recorded.</summary>
    public double[] Values(string name) => [.. Measurements.Where(m => m.Name == name).Select(m => m.Value)];

    public void Dispose() => _listener.Dispose();

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var map = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value;
        }

        if (Equals(map.GetValueOrDefault(BatchFlowTelemetry.CollectionTag), _table))
        {
            Measurements.Enqueue((instrument.Name, Convert.ToDouble(value), map));
        }
    }
}
