using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>Rows/s and bytes per row against producers: 4 columns, the provider's default flush size.</summary>
[BenchmarkCategory(Suites.Comparison)]
public class ScalingProducersBenchmarks : ScalingSuite
{
    /// <summary>Tasks submitting at once, from one to a busy web server's request threads.</summary>
    [Params(1, 4, 16, 64)]
    public int Producers { get; set; }

    protected override int Width => ScalingCase.Narrow;

    protected override int? FlushSize => null;

    protected override int ProducerCount => Producers;
}
