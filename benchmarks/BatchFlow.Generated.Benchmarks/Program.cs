using BatchFlow.Benchmarks.Latency;
using BenchmarkDotNet.Running;

// "latency": the open-loop latency harness (Latency/LatencyHarness.cs), not a BenchmarkDotNet suite.
if (args is ["latency", .. var options])
{
    return await LatencyHarness.RunAsync(options).ConfigureAwait(false);
}

// Every suite in this assembly: pick with --anyCategories comparison / design (see Suites.cs) or --filter, e.g. --filter '*PostgresConflictPath*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
