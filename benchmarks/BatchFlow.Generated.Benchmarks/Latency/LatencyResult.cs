using System.Diagnostics;
using System.Globalization;
using BatchFlow.Benchmarks.Scaling;

namespace BatchFlow.Benchmarks.Latency;

/// <summary>
/// One open-loop run's figures: the rows' submit-to-commit percentiles (nearest rank), the batch writes' durations
/// and sizes, and the bound the issue holds p99 to: the linger time plus two batch writes (at their p99).
/// </summary>
internal sealed class LatencyResult
{
    public const string CsvHeader = "sink,options,linger_ms,flush_size,load,offered_rows_s,peak_rows_s,rows,p50_ms,p90_ms,p99_ms,max_ms,batches,mean_batch_rows,write_p50_ms,write_p99_ms,bound_ms,failed";

    private readonly double[] _percentiles;

    public LatencyResult(Sink sink, TimeSpan linger, string options, int flushSize, double load, double rate, double peak,
        long[] latencies, double[] writes, int[] sizes, long failed, string? firstError)
    {
        Sink = sink;
        Options = options;
        Linger = linger;
        FlushSize = flushSize;
        Load = load;
        Rate = rate;
        Peak = peak;
        Rows = latencies.Length;
        Failed = failed;
        FirstError = firstError;
        Array.Sort(latencies);
        _percentiles = [Milliseconds(Rank(latencies, 50)), Milliseconds(Rank(latencies, 90)), Milliseconds(Rank(latencies, 99)), Milliseconds(latencies.Length == 0 ? 0 : latencies[^1])];
        Array.Sort(writes);
        Batches = writes.Length;
        MeanBatchRows = sizes.Length == 0 ? 0 : sizes.Average();
        WriteP50 = writes.Length == 0 ? 0 : writes[Index(writes.Length, 50)] * 1e3;
        WriteP99 = writes.Length == 0 ? 0 : writes[Index(writes.Length, 99)] * 1e3;
    }

    public Sink Sink { get; }

    public string Options { get; }

    public TimeSpan Linger { get; }

    public int FlushSize { get; }

    public double Load { get; }

    public double Rate { get; }

    public double Peak { get; }

    public int Rows { get; }

    public long Failed { get; }

    public string? FirstError { get; }

    public int Batches { get; }

    public double MeanBatchRows { get; }

    public double WriteP50 { get; }

    public double WriteP99 { get; }

    /// <summary>The linger time plus two batch writes at their p99, in milliseconds.</summary>
    public double Bound => Linger.TotalMilliseconds + (2 * WriteP99);

    public string Csv => string.Create(CultureInfo.InvariantCulture,
        $"{Sink},{Options},{Linger.TotalMilliseconds},{FlushSize},{Load},{Rate:F0},{Peak:F0},{Rows},{_percentiles[0]:F2},{_percentiles[1]:F2},{_percentiles[2]:F2},{_percentiles[3]:F2},{Batches},{MeanBatchRows:F0},{WriteP50:F2},{WriteP99:F2},{Bound:F2},{Failed}");

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"{Sink,-8} {Options,-12} {Load,4:P0} of {Peak,8:F0}/s: p50 {_percentiles[0],7:F1} ms  p90 {_percentiles[1],7:F1}  p99 {_percentiles[2],7:F1}  max {_percentiles[3],7:F1}  | {Batches} batches of {MeanBatchRows:F0} rows, write p99 {WriteP99:F1} ms, bound {Bound:F1} ms{(Failed > 0 ? $"  {Failed} FAILED: {FirstError}" : "")}");

    private static int Index(int length, int percent) => Math.Max(0, (((length * percent) + 99) / 100) - 1);

    private static long Rank(long[] sorted, int percent) => sorted.Length == 0 ? 0 : sorted[Index(sorted.Length, percent)];

    private static double Milliseconds(long ticks) => ticks * 1e3 / Stopwatch.Frequency;
}
