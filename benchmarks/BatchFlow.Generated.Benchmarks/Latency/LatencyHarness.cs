using System.Diagnostics;
using System.Globalization;
using System.Text;
using BatchFlow.Benchmarks.Core;
using BatchFlow.Benchmarks.Scaling;

namespace BatchFlow.Benchmarks.Latency;

/// <summary>
/// Latency under load: for each sink, the peak rate of the flow (4 producers, <c>SubmitAsync</c>, default options),
/// then an open-loop offer at 25, 50, 75 and 90 % of it, with the default options and with a short linger, each row
/// timed from its due time to its delivery confirmation (<c>SubmitAndWaitAsync</c>). Writes one CSV line per run to
/// <c>BenchmarkDotNet.Artifacts/latency/latency.csv</c> and prints a table. Run it with
/// <c>dotnet run -c Release -- latency [--sinks Sqlite,Postgres,MySql,Redis] [--seconds 6]</c>.
/// </summary>
internal static class LatencyHarness
{
    private static readonly double[] s_loads = [0.25, 0.50, 0.75, 0.90];
    private static readonly TimeSpan s_shortLinger = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(1);
    private const int PeakRows = 200_000;
    private const int PeakProducers = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var sinks = Option(args, "--sinks", "Sqlite,Postgres,MySql,Redis").Split(',').Select(Enum.Parse<Sink>).ToArray();
        var seconds = double.Parse(Option(args, "--seconds", "6"), CultureInfo.InvariantCulture);
        var output = Option(args, "--output", Path.Combine("BenchmarkDotNet.Artifacts", "latency"));
        Directory.CreateDirectory(output);
        var csv = new StringBuilder(LatencyResult.CsvHeader).Append('\n');
        using var flushes = new FlushDurations();
        var failed = false;
        foreach (var sink in sinks)
        {
            foreach (var result in await MeasureAsync(sink, seconds, flushes).ConfigureAwait(false))
            {
                Console.WriteLine(result.Line);
                csv.Append(result.Csv).Append('\n');
                failed |= result.Failed > 0;
            }
        }

        var path = Path.Combine(output, "latency.csv");
        await File.WriteAllTextAsync(path, csv.ToString()).ConfigureAwait(false);
        Console.WriteLine($"// latency report: {Path.GetFullPath(path)}");
        return failed ? 1 : 0;
    }

    private static async Task<List<LatencyResult>> MeasureAsync(Sink sink, double seconds, FlushDurations flushes)
    {
        await using var target = ScalingTarget.For(sink);
        var table = Row4Flow.Table;
        await target.SetUpAsync(table.Name, table.Columns).ConfigureAwait(false);

        // The peak: closed loop, the second of two passes (the first warms the JIT, the sessions and the server).
        var peakData = new ColumnarRows(table.Columns, PeakRows);
        var peakRows = ScalingRows.Row4s(peakData);
        double peak = 0;
        await using (var flow = CreateFlow(target, table, linger: null, out var defaults))
        {
            for (var pass = 0; pass < 2; pass++)
            {
                target.Reset();
                var started = Stopwatch.GetTimestamp();
                await ProducerTasks.RunAsync(peakRows.Length, PeakProducers, async (start, end) =>
                {
                    for (var i = start; i < end; i++)
                    {
                        await flow.SubmitAsync(peakRows[i]).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
                await flow.FlushAsync().ConfigureAwait(false);
                peak = PeakRows / Stopwatch.GetElapsedTime(started).TotalSeconds;
                Check(target, PeakRows, sink, "peak");
            }

            Console.WriteLine($"// {sink}: peak {peak:F0} rows/s (flush size {defaults.FlushSize}, linger {defaults.LingerTime.TotalMilliseconds} ms, {defaults.MaxConcurrentFlushes} writes in flight)");
        }

        var data = new ColumnarRows(table.Columns, (int)Math.Ceiling(peak * s_loads[^1] * (seconds + s_warmUp.TotalSeconds)));
        var rows = ScalingRows.Row4s(data);
        var results = new List<LatencyResult>();
        foreach (var linger in new TimeSpan?[] { null, s_shortLinger })
        {
            await using var flow = CreateFlow(target, table, linger, out var defaults);
            foreach (var load in s_loads)
            {
                var rate = peak * load;
                var count = (int)(rate * (seconds + s_warmUp.TotalSeconds));
                target.Reset();
                flushes.Clear();
                var run = new OpenLoopRun<Row4>(flow, rows[..count], rate, s_warmUp);
                var latencies = await run.RunAsync().ConfigureAwait(false);
                // Every row stored or reported: the rows that failed (the result records them) are the only ones missing.
                Check(target, count - run.Failed, sink, $"{load:P0} load");
                results.Add(new LatencyResult(
                    sink, linger ?? defaults.LingerTime, linger is null ? "default" : "short linger",
                    defaults.FlushSize, load, rate, peak, latencies, flushes.Seconds, flushes.Sizes, run.Failed, run.FirstError));
            }
        }

        return results;
    }

    private static BatchFlow<Row4> CreateFlow(ScalingTarget target, TableDescription<Row4> table, TimeSpan? linger, out BatchSinkDefaults defaults)
    {
        var sink = target.CreateSink(table);
        defaults = sink.Defaults;
        return new BatchFlow<Row4>(sink, new BatchFlowOptions { LingerTime = linger });
    }

    private static void Check(ScalingTarget target, long expected, Sink sink, string run)
    {
        var stored = target.CountStored();
        if (stored != expected)
        {
            throw new InvalidOperationException($"{sink}, {run}: {stored} rows stored, expected {expected}.");
        }
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
