using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>Rows/s and bytes per row against row width (4, 16, 40 columns of mixed types): 4 producers, default flush size.</summary>
[BenchmarkCategory(Suites.Comparison)]
public class ScalingWidthBenchmarks : ScalingSuite
{
    /// <summary>Columns per row (<see cref="Row4"/>, <see cref="Row16"/>, <see cref="Row40"/>).</summary>
    [Params(ScalingCase.Narrow, ScalingCase.Medium, ScalingCase.Wide)]
    public int Columns { get; set; }

    protected override int Width => Columns;

    protected override int? FlushSize => null;

    protected override int ProducerCount => 4;
}
