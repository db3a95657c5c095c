using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>Rows/s and bytes per row against rows per batch (100 to 50,000): 4 columns, 4 producers.</summary>
[BenchmarkCategory(Suites.Comparison)]
public class ScalingFlushSizeBenchmarks : ScalingSuite
{
    /// <summary>Rows per batch, for the flow and its baseline alike.</summary>
    [Params(100, 1_000, 10_000, 50_000)]
    public int Rows { get; set; }

    protected override int Width => ScalingCase.Narrow;

    protected override int? FlushSize => Rows;

    protected override int ProducerCount => 4;
}
