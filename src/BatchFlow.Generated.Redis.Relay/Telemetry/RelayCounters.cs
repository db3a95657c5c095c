using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BatchFlow.Redis.Relay.Telemetry;

/// <summary>One relay's counts: the statistics it returns and the instruments of the relay meter (one per process).</summary>
internal sealed class RelayCounters
{
    private static readonly Meter s_meter = new(RedisStreamRelayTelemetry.MeterName, typeof(RelayCounters).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> s_written = s_meter.CreateCounter<long>(RedisStreamRelayTelemetry.Written, "{entry}", "Entries whose row was committed.");
    private static readonly Counter<long> s_superseded = s_meter.CreateCounter<long>(RedisStreamRelayTelemetry.Superseded, "{entry}", "Entries replaced by a later entry of the same key in their chunk.");
    private static readonly Counter<long> s_deadLettered = s_meter.CreateCounter<long>(RedisStreamRelayTelemetry.DeadLettered, "{entry}", "Entries moved to the dead-letter stream.");
    private static readonly Counter<long> s_claimed = s_meter.CreateCounter<long>(RedisStreamRelayTelemetry.Claimed, "{entry}", "Entries claimed from another consumer.");
    private static readonly Counter<long> s_acknowledged = s_meter.CreateCounter<long>(RedisStreamRelayTelemetry.Acknowledged, "{entry}", "Entries acknowledged.");
    private static readonly Counter<long> s_resubmitted = s_meter.CreateCounter<long>(RedisStreamRelayTelemetry.Resubmitted, "{row}", "Rows submitted again after a failure that was not the row's.");
    private static readonly List<WeakReference<RelayCounters>> s_live = [];

    private readonly TagList _tags;
    private long _written;
    private long _superseded;
    private long _deadLettered;
    private long _claimed;
    private long _acknowledged;
    private long _resubmitted;
    private int _owned;
    private long[] _lag;
    private long[] _pending;

    static RelayCounters()
    {
        s_meter.CreateObservableGauge(RedisStreamRelayTelemetry.Lag, () => Observe(static c => c.Lag), "{entry}", "Entries not yet delivered to the group, in the partitions held.");
        s_meter.CreateObservableGauge(RedisStreamRelayTelemetry.Pending, () => Observe(static c => c.Pending), "{entry}", "Entries delivered and not yet acknowledged, in the partitions held.");
        s_meter.CreateObservableGauge(RedisStreamRelayTelemetry.PartitionsOwned, () => Observe(static c => Volatile.Read(ref c._owned)), "{partition}", "Partitions held.");
    }

    public RelayCounters(string streamKey, string group, int partitions)
    {
        _tags = new TagList
        {
            { RedisStreamRelayTelemetry.SystemTag, "redis" },
            { RedisStreamRelayTelemetry.DestinationTag, streamKey },
            { RedisStreamRelayTelemetry.GroupTag, group },
        };
        _lag = new long[partitions];
        _pending = new long[partitions];
        lock (s_live)
        {
            s_live.RemoveAll(static w => !w.TryGetTarget(out _));
            s_live.Add(new WeakReference<RelayCounters>(this));
        }
    }

    public long Lag => Sum(_lag);

    public long Pending => Sum(_pending);

    public void AddWritten(int n) => Add(ref _written, s_written, n);

    public void AddSuperseded(int n) => Add(ref _superseded, s_superseded, n);

    public void AddDeadLettered(int n) => Add(ref _deadLettered, s_deadLettered, n);

    public void AddClaimed(int n) => Add(ref _claimed, s_claimed, n);

    public void AddAcknowledged(int n) => Add(ref _acknowledged, s_acknowledged, n);

    public void AddResubmitted(int n) => Add(ref _resubmitted, s_resubmitted, n);

    public void SetOwned(int partitions) => Volatile.Write(ref _owned, partitions);

    /// <summary>What <c>XINFO GROUPS</c> last said of a partition; zero once the relay no longer holds it.</summary>
    public void SetGroupState(int partition, long lag, long pending)
    {
        Volatile.Write(ref _lag[partition], lag);
        Volatile.Write(ref _pending[partition], pending);
    }

    public RedisStreamRelayStatistics Snapshot() => new()
    {
        Written = Interlocked.Read(ref _written),
        Superseded = Interlocked.Read(ref _superseded),
        DeadLettered = Interlocked.Read(ref _deadLettered),
        Claimed = Interlocked.Read(ref _claimed),
        Acknowledged = Interlocked.Read(ref _acknowledged),
        Resubmitted = Interlocked.Read(ref _resubmitted),
        OwnedPartitions = Volatile.Read(ref _owned),
        Lag = Lag,
        Pending = Pending,
    };

    private void Add(ref long field, Counter<long> counter, int n)
    {
        if (n > 0)
        {
            Interlocked.Add(ref field, n);
            counter.Add(n, _tags);
        }
    }

    private static long Sum(long[] values)
    {
        var sum = 0L;
        for (var i = 0; i < values.Length; i++)
        {
            sum += Volatile.Read(ref values[i]);
        }

        return sum;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<RelayCounters, long> read)
    {
        List<RelayCounters> live = [];
        lock (s_live)
        {
            foreach (var weak in s_live)
            {
                if (weak.TryGetTarget(out var counters))
                {
                    live.Add(counters);
                }
            }
        }

        return live.Select(c => new Measurement<long>(read(c), c._tags));
    }
}
