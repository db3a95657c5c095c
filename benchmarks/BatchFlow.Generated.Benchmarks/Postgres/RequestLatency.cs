using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BatchFlow.Benchmarks.Postgres;

/// <summary>
/// Per-request latencies of one iteration, in a preallocated array (recording allocates nothing), and their p50 and
/// p99, which <see cref="Report"/> prints on the benchmark process's standard output as one line per iteration.
/// <see cref="RequestLatencyColumn"/> reads those lines back in the host and shows them beside Mean.
/// </summary>
public sealed class RequestLatencies
{
    /// <summary>The first word of a latency line: <c>batchflow-latency p50_ns=… p99_ns=…</c>.</summary>
    public const string LinePrefix = "batchflow-latency ";

    private readonly long[] _ticks;
    private readonly long[] _sorted;

    /// <param name="requests">Requests per iteration.</param>
    public RequestLatencies(int requests)
    {
        _ticks = new long[requests];
        _sorted = new long[requests];
    }

    /// <summary>Records request <paramref name="request"/>'s latency: from <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>) to now.</summary>
    public void Record(int request, long started) => _ticks[request] = Stopwatch.GetTimestamp() - started;

    /// <summary>Prints this iteration's p50 and p99 (nearest rank) in nanoseconds, then forgets them. Call once per iteration, from [IterationCleanup].</summary>
    public void Report()
    {
        _ticks.CopyTo(_sorted, 0);
        Array.Sort(_sorted);
        Array.Clear(_ticks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{LinePrefix}p50_ns={Nanoseconds(Rank(50))} p99_ns={Nanoseconds(Rank(99))}"));
    }

    /// <summary>The nearest-rank percentile: the smallest latency that at least <paramref name="percent"/> % of the requests did not exceed.</summary>
    private long Rank(int percent) => _sorted[Math.Max(0, ((_sorted.Length * percent) + 99) / 100 - 1)];

    private static long Nanoseconds(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));
}

/// <summary>
/// p50 or p99 of the requests' latencies, from the lines <see cref="RequestLatencies.Report"/> printed: the median, over
/// the workload iterations BenchmarkDotNet kept (stage Actual), of each iteration's percentile.
/// </summary>
/// <remarks>
/// The benchmark process prints a latency line from every [IterationCleanup]. BenchmarkDotNet runs the cleanup after
/// every iteration that ran the workload (jitting, pilot, warm-up, actual, in that order) and once more after the
/// allocation-measuring run at the end, and reports those iterations as measurements in the same order; so the n-th
/// latency line belongs to the n-th workload measurement, and the one left over, if any, to the allocation run. A
/// process whose counts do not match that is left out (the column then says NA), rather than guessed at.
/// </remarks>
public sealed class RequestLatencyColumn(int percentile) : IColumn
{
    public static readonly IColumn P50 = new RequestLatencyColumn(50);

    public static readonly IColumn P99 = new RequestLatencyColumn(99);

    private readonly string _key = $"p{percentile.ToString(CultureInfo.InvariantCulture)}_ns=";

    public string Id => $"{nameof(RequestLatencyColumn)}.p{percentile.ToString(CultureInfo.InvariantCulture)}";

    public string ColumnName => $"Latency p{percentile.ToString(CultureInfo.InvariantCulture)}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Per-request latency, p{percentile.ToString(CultureInfo.InvariantCulture)} of an iteration's requests (nearest rank), median over the workload iterations";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase] is not { } report)
        {
            return "-";
        }

        var values = new List<long>();
        foreach (var result in report.ExecuteResults)
        {
            CollectActual(result.StandardOutput, result.Measurements, values);
        }

        if (values.Count == 0)
        {
            return "NA";
        }

        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
        return string.Create(CultureInfo.InvariantCulture, $"{median / 1e6:F3} ms");
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;

    private void CollectActual(IReadOnlyList<string> output, IReadOnlyList<Measurement> measurements, List<long> values)
    {
        var lines = output.Where(line => line.StartsWith(RequestLatencies.LinePrefix, StringComparison.Ordinal)).ToList();
        var workload = measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage is IterationStage.Jitting or IterationStage.Pilot or IterationStage.Warmup or IterationStage.Actual)
            .ToList();
        if (lines.Count != workload.Count && lines.Count != workload.Count + 1)
        {
            return;
        }

        for (var i = 0; i < workload.Count; i++)
        {
            if (workload[i].IterationStage == IterationStage.Actual && Parse(lines[i]) is { } value)
            {
                values.Add(value);
            }
        }
    }

    private long? Parse(string line)
    {
        var start = line.IndexOf(_key, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += _key.Length;
        var end = line.IndexOf(' ', start);
        var text = end < 0 ? line[start..] : line[start..end];
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}

/// <summary>Adds the p50 and p99 latency columns to a suite: <c>[Config(typeof(RequestLatencyConfig))]</c>.</summary>
public sealed class RequestLatencyConfig : ManualConfig
{
    public RequestLatencyConfig() => AddColumn(RequestLatencyColumn.P50, RequestLatencyColumn.P99);
}
