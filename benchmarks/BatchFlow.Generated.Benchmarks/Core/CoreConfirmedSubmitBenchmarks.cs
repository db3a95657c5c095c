using BatchFlow.Benchmarks.Rows;
using BenchmarkDotNet.Attributes;

namespace BatchFlow.Benchmarks.Core;

/// <summary>
/// Delivery-confirmed submit (<c>SubmitAndWaitAsync</c>, ADR 0012 point 4) from <see cref="Callers"/> concurrent
/// callers, in front of the do-nothing sink: each caller submits its share of the invocation's
/// <see cref="CoreSubmitBenchmarks.RowsPerInvoke"/> rows one at a time and awaits each row's commit before the next,
/// so <see cref="Callers"/> awaits are outstanding together and every batch is the callers' rows of one wave.
/// Beside it, the same callers through the raw bounded channel (the limit, as in <see cref="CoreSubmitBenchmarks"/>)
/// and through the flow's single-row <c>SubmitAsync</c>, both flushed at the end of the invocation. Figures are per
/// row (<c>OperationsPerInvoke</c>); the same rows, batch size and capacity as <see cref="CoreSubmitBenchmarks"/>.
/// </summary>
/// <remarks>
/// The callers are long-lived loops (<see cref="CallerRounds"/>) started in the setup, so the bytes per row are the
/// path's own: starting 1,000 tasks per invocation would add a few bytes per row of harness to every path. With
/// <see cref="Callers"/> equal to the batch size, a confirmed batch is full once every caller has submitted; the
/// confirmed case needs no flush, since each caller's last await returns only once its row was written.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class CoreConfirmedSubmitBenchmarks
{
    /// <summary>Concurrent callers: 100 rows each per invocation.</summary>
    public const int Callers = 1_000;

    private UserRow[] _rows = [];
    private NullSink<UserRow>? _sink;
    private RawChannelPipeline<UserRow>? _channel;
    private UserRowFlow? _flow;
    private CallerRounds? _rounds;
    private Task[] _callers = [];

    private enum Path
    {
        RawChannel,
        Submit,
        SubmitAndWait,
    }

    [GlobalSetup(Target = nameof(RawChannel))]
    public void SetUpChannel()
    {
        _sink = new NullSink<UserRow>(UserRowFlow.Table);
        _channel = new RawChannelPipeline<UserRow>(_sink, CoreSubmitBenchmarks.Capacity, CoreSubmitBenchmarks.BatchSize);
        StartCallers(Path.RawChannel);
    }

    [GlobalSetup(Target = nameof(GeneratedFlow))]
    public void SetUpFlow()
    {
        CreateFlow();
        StartCallers(Path.Submit);
    }

    [GlobalSetup(Target = nameof(GeneratedFlowConfirmed))]
    public void SetUpConfirmedFlow()
    {
        CreateFlow();
        StartCallers(Path.SubmitAndWait);
    }

    /// <summary>The limit: every caller writes its rows into the raw bounded channel; then one flush.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = CoreSubmitBenchmarks.RowsPerInvoke)]
    public async Task RawChannel()
    {
        await _rounds!.RunAsync().ConfigureAwait(false);
        await _channel!.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Fire-and-forget: every caller awaits <c>SubmitAsync</c> (accepted, not committed) per row; then one flush.</summary>
    [Benchmark(OperationsPerInvoke = CoreSubmitBenchmarks.RowsPerInvoke)]
    public async Task GeneratedFlow()
    {
        await _rounds!.RunAsync().ConfigureAwait(false);
        await _flow!.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Confirmed: every caller awaits <c>SubmitAndWaitAsync</c> (committed) per row.</summary>
    [Benchmark(OperationsPerInvoke = CoreSubmitBenchmarks.RowsPerInvoke)]
    public async Task GeneratedFlowConfirmed() => await _rounds!.RunAsync().ConfigureAwait(false);

    [GlobalCleanup]
    public async Task CleanUp()
    {
        _rounds?.Stop();
        await Task.WhenAll(_callers).ConfigureAwait(false);
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
        }

        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        // Every path must have delivered every row it was given, in whole invocations.
        var delivered = _sink!.Rows;
        if (delivered == 0 || delivered % CoreSubmitBenchmarks.RowsPerInvoke != 0)
        {
            throw new InvalidOperationException($"The sink received {delivered} rows, not a multiple of {CoreSubmitBenchmarks.RowsPerInvoke}.");
        }
    }

    private void CreateFlow()
    {
        _sink = new NullSink<UserRow>(UserRowFlow.Table);
        _flow = UserRowFlow.Create(_sink, new BatchFlowOptions { Capacity = CoreSubmitBenchmarks.Capacity, FlushSize = CoreSubmitBenchmarks.BatchSize });
    }

    private void StartCallers(Path path)
    {
        _rows = UserRows.Create(CoreSubmitBenchmarks.RowsPerInvoke);
        _rounds = new CallerRounds(Callers);
        _callers = new Task[Callers];
        for (var caller = 0; caller < Callers; caller++)
        {
            // Each loop runs inline to its first wait (its gate) and stays there until the first round.
            _callers[caller] = CallAsync(path, caller);
        }
    }

    /// <summary>One caller: per round, its contiguous share of the rows, one awaited call per row.</summary>
    private async Task CallAsync(Path path, int caller)
    {
        var rounds = _rounds!;
        var rows = _rows;
        var share = rows.Length / Callers;
        var start = caller * share;
        var end = caller == Callers - 1 ? rows.Length : start + share;
        var writer = _channel?.Writer;
        var flow = _flow;
        while (await rounds.NextAsync(caller).ConfigureAwait(false))
        {
            Exception? failure = null;
            try
            {
                for (var i = start; i < end; i++)
                {
                    var pending = path switch
                    {
                        Path.RawChannel => writer!.WriteAsync(rows[i]),
                        Path.Submit => flow!.SubmitAsync(rows[i]),
                        _ => flow!.SubmitAndWaitAsync(rows[i]),
                    };
                    await pending.ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // The round reports the first failure to the benchmark, which rethrows it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            rounds.Done(failure);
        }
    }
}
