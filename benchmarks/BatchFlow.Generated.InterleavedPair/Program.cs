using System.Globalization;
using System.Text;
using BatchFlow.InterleavedPair;

// Usage (paths are each build's BatchFlow.Generated.Benchmarks.dll, built in Release):
//   dotnet run -c Release --project benchmarks/BatchFlow.Generated.InterleavedPair -- \
//     --before <dll> --after <dll> --type BatchFlow.Benchmarks.Core.CoreSubmitBenchmarks --baseline RawChannel \
//     --cases GeneratedFlow,GeneratedFlowNewRows --param Producers=4 --csv <file> [--rounds 1000] [--warmup 100] [--seed 1]
//     [--renew 50] [--settle 2] [--first before|after]
// --renew N sets every case up again (a new instance, its [GlobalCleanup] and [GlobalSetup]) after every N measured
// rounds, and runs --settle unmeasured rounds after each renewal: an instance's speed can depend on where its objects
// happened to land, so a pair needs many instances per side, not one (docs/benchmarks, pair 12).
// --first names the build whose context is loaded, and whose cases are set up, first: each build's code is compiled
// once per process into its own context, so its placement is fixed per process; alternate --first between processes.
// It prints each case's medians and writes every measured invocation to the CSV file;
// benchmarks/scripts/interleaved.py reads those files and puts the quotients and their intervals together.
var options = Options.Parse(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var methods = new[] { options.Baseline }.Concat(options.Cases).ToArray();
var builds = options.First == "after"
    ? new[] { new BuildContext("after", options.After), new BuildContext("before", options.Before) }
    : new[] { new BuildContext("before", options.Before), new BuildContext("after", options.After) };

BenchmarkCase[] SetUp() => builds.SelectMany(b => methods.Select(m => new BenchmarkCase(b, options.Type, m, options.Parameters))).ToArray();
var cases = SetUp();
foreach (var build in builds)
{
    // Each build must run its own core: name where every BatchFlow assembly of its context came from.
    foreach (var assembly in build.Assemblies.Where(a => a.GetName().Name!.StartsWith("BatchFlow", StringComparison.Ordinal)))
    {
        Console.WriteLine($"{build.Label}: {assembly.GetName().Name} from {assembly.Location}");
    }
}

var random = new Random(options.Seed);
var nanoseconds = cases.ToDictionary(c => (c.Build, c.Method), _ => new List<double>());
var bytes = cases.ToDictionary(c => (c.Build, c.Method), _ => new List<double>());
var csv = new StringBuilder("round,position,build,method,ns_per_op,bytes_per_op\n");

Console.WriteLine($"{options.Type} {string.Join(' ', options.Parameters.Select(p => $"{p.Key}={p.Value}"))}: " +
    $"{options.First} set up first; {options.Warmup} warm-up rounds, then {options.Rounds}; each round runs every case once, in a shuffled order" +
    (options.Renew > 0 ? $"; every case set up again after every {options.Renew} rounds, then {options.Settle} unmeasured." : "."));
for (var round = -options.Warmup; round < options.Rounds; round++)
{
    if (round > 0 && options.Renew > 0 && round % options.Renew == 0)
    {
        CleanUp(cases);
        cases = SetUp();
        for (var settle = 0; settle < options.Settle; settle++)
        {
            RunRound(round, measured: false);
        }
    }

    RunRound(round, measured: round >= 0);
}

CleanUp(cases);

File.WriteAllText(options.Csv, csv.ToString());

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static void CleanUp(BenchmarkCase[] cases)
{
    foreach (var c in cases)
    {
        c.CleanUp();
    }
}

void RunRound(int round, bool measured)
{
    var order = cases.ToArray();
    random.Shuffle(order);
    for (var position = 0; position < order.Length; position++)
    {
        var (ns, b) = order[position].Invoke();
        if (measured)
        {
            var c = order[position];
            nanoseconds[(c.Build, c.Method)].Add(ns);
            bytes[(c.Build, c.Method)].Add(b);
            csv.Append(CultureInfo.InvariantCulture, $"{round},{position},{c.Build},{c.Method},{ns:F3},{b:F3}\n");
        }
    }
}

Console.WriteLine();
Console.WriteLine("| build | method | median ns/op | median bytes/op |");
Console.WriteLine("|---|---|---:|---:|");
foreach (var (build, method) in nanoseconds.Keys)
{
    Console.WriteLine($"| {build} | {method} | {Median(nanoseconds[(build, method)]):F1} | {Median(bytes[(build, method)]):F1} |");
}

return 0;
