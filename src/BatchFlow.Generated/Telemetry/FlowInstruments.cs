using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace BatchFlow;

/// <summary>
/// The instruments of one <see cref="Meter"/> named <c>BatchFlow</c>: the process-wide one, or one per
/// <see cref="IMeterFactory"/> when a host supplies it (<see cref="BatchFlowOptions.MeterFactory"/>), so that a host's
/// metrics stay apart from another host's in the same process. The rows-held gauge observes the flows registered here.
/// </summary>
internal sealed class FlowInstruments
{
    private static readonly ConditionalWeakTable<IMeterFactory, FlowInstruments> s_byFactory = new();
    private readonly ConcurrentDictionary<IHeldRowsSource, byte> _flows = new();

    private FlowInstruments(Meter meter)
    {
        Meter = meter;
        Submitted = meter.CreateCounter<long>(BatchFlowTelemetry.RowsSubmitted, "{row}", "Rows accepted into the queue.");
        Written = meter.CreateCounter<long>(BatchFlowTelemetry.RowsWritten, "{row}", "Rows committed.");
        Failed = meter.CreateCounter<long>(BatchFlowTelemetry.RowsFailed, "{row}", "Rows that failed for good.");
        DeadLettered = meter.CreateCounter<long>(BatchFlowTelemetry.RowsDeadLettered, "{row}", "Rows written to the dead-letter file at the shutdown deadline.");
        Rejected = meter.CreateCounter<long>(BatchFlowTelemetry.RowsRejected, "{row}", "Rows refused at submission.");
        Deduplicated = meter.CreateCounter<long>(BatchFlowTelemetry.RowsDeduplicated, "{row}", "Rows collapsed by key inside a batch.");
        BatchSizes = meter.CreateHistogram<int>(BatchFlowTelemetry.BatchSize, "{row}", "Rows per batch.");
        FlushDurations = meter.CreateHistogram<double>(BatchFlowTelemetry.FlushDuration, "s", "Time to write one batch, retries and isolation included.");
        QueueWaits = meter.CreateHistogram<double>(BatchFlowTelemetry.QueueWait, "s", "Age of a batch's oldest row when its write starts.");
        OperationDurations = CreateOperationDuration(meter);
        RetryCount = meter.CreateCounter<long>(BatchFlowTelemetry.Retries, "{attempt}", "Attempts repeated after a transient error.");
        InFlight = meter.CreateUpDownCounter<long>(BatchFlowTelemetry.WritesInFlight, "{batch}", "Batches being written.");
        HandlerFailures = meter.CreateCounter<long>(BatchFlowTelemetry.HandlerErrors, "{exception}", "Exceptions thrown by failure handlers.");
        meter.CreateObservableGauge(BatchFlowTelemetry.RowsHeld, ObserveHeldRows, "{row}", "Rows held: queued, being assembled into a batch, being written.");
    }

    /// <summary>The instruments of the process-wide meter.</summary>
    public static FlowInstruments Shared { get; } = new(new Meter(BatchFlowTelemetry.Name, BatchFlowTelemetry.Version));

    public Meter Meter { get; }
    public Counter<long> Submitted { get; }
    public Counter<long> Written { get; }
    public Counter<long> Failed { get; }
    public Counter<long> DeadLettered { get; }
    public Counter<long> Rejected { get; }
    public Counter<long> Deduplicated { get; }
    public Histogram<int> BatchSizes { get; }
    public Histogram<double> FlushDurations { get; }
    public Histogram<double> QueueWaits { get; }
    public Histogram<double> OperationDurations { get; }
    public Counter<long> RetryCount { get; }
    public UpDownCounter<long> InFlight { get; }
    public Counter<long> HandlerFailures { get; }

    /// <summary>The instruments for <paramref name="factory"/>'s meter, or the shared ones when it is null.</summary>
    public static FlowInstruments For(IMeterFactory? factory) =>
        factory is null
            ? Shared
            : s_byFactory.GetValue(factory, static f => new FlowInstruments(f.Create(new MeterOptions(BatchFlowTelemetry.Name) { Version = BatchFlowTelemetry.Version })));

    public void Track(IHeldRowsSource flow) => _flows.TryAdd(flow, 0);

    public void Untrack(IHeldRowsSource flow) => _flows.TryRemove(flow, out _);

    private static Histogram<double> CreateOperationDuration(Meter meter)
    {
#if NET9_0_OR_GREATER
        // The bucket boundaries OpenTelemetry's database conventions recommend for this histogram.
        return meter.CreateHistogram<double>(
            BatchFlowTelemetry.OperationDuration,
            "s",
            "Duration of database client operations.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });
#else
        return meter.CreateHistogram<double>(BatchFlowTelemetry.OperationDuration, "s", "Duration of database client operations.");
#endif
    }

    private IEnumerable<Measurement<long>> ObserveHeldRows()
    {
        foreach (var flow in _flows.Keys)
        {
            yield return new Measurement<long>(flow.RowsHeld, flow.Tags);
        }
    }
}

/// <summary>A flow whose held rows the observable gauge reads.</summary>
internal interface IHeldRowsSource
{
    long RowsHeld { get; }

    KeyValuePair<string, object?>[] Tags { get; }
}
