using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// What the three scaling suites share: one case per <see cref="Sink"/> (and the suite's own parameter), the flow
/// (<see cref="GeneratedFlow"/>) beside the provider's raw path at the same shape (<see cref="Raw"/>, the baseline),
/// <see cref="TotalRows"/> rows per iteration, the table emptied before and counted after each one. Figures are per row.
/// </summary>
[MemoryDiagnoser]
[ScalingJob]
public abstract class ScalingSuite
{
    /// <summary>Rows per invocation (one invocation per iteration, because of the table reset).</summary>
    public const int TotalRows = 100_000;

    private ScalingCase? _case;

    /// <summary>The sink: none (the core alone) or one of the four databases.</summary>
    [Params(Sink.Null, Sink.Sqlite, Sink.Postgres, Sink.MySql, Sink.Redis)]
    public Sink Sink { get; set; }

    /// <summary>Columns per row: <see cref="ScalingCase.Narrow"/>, <see cref="ScalingCase.Medium"/> or <see cref="ScalingCase.Wide"/>.</summary>
    protected abstract int Width { get; }

    /// <summary>Rows per batch; null for the provider's default.</summary>
    protected abstract int? FlushSize { get; }

    /// <summary>Tasks submitting concurrently to the flow (the raw database paths are one writer: the limit).</summary>
    protected abstract int ProducerCount { get; }

    [GlobalSetup]
    public async Task SetUp() => _case = await ScalingCase.CreateAsync(Sink, Width, FlushSize, ProducerCount, TotalRows).ConfigureAwait(false);

    [IterationSetup]
    public void EmptyTable() => _case!.Reset();

    [IterationCleanup]
    public void CheckRows() => _case!.Check();

    /// <summary>The provider's raw path (see each <see cref="ScalingTarget"/>); for the do-nothing sink, the raw channel.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TotalRows)]
    public Task Raw() => _case!.RawAsync();

    /// <summary>The generated flow with the provider's sink and <c>SubmitAsync</c> per row, then <c>FlushAsync</c>.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlow() => _case!.FlowAsync();

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_case is not null)
        {
            await _case.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The scaling suites' job: one launch, two warm-ups, five measured iterations. Five sinks × two paths × every
/// parameter value make 110 cases; BenchmarkDotNet's default job would take hours over them.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScalingJobAttribute() : JobConfigBaseAttribute(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithId("Scaling"));
