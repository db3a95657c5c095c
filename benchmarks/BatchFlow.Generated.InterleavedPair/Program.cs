using System.Globalization;
using System.Text;
using BatchFlow.InterleavedPair;

// Usage (paths are each build's BatchFlow.Generated.Benchmarks.dll, built in Release):
//   dotnet run -c Release --project benchmarks/BatchFlow.Generated.InterleavedPair -- \
//     --before <dll> --after <dll> --type BatchFlow.Benchmarks.Core.CoreSubmitBenchmarks --baseline RawChannel \
//     --cases GeneratedFlow,GeneratedFlowNewRows --param Producers=4 --csv <file> [--rounds 1000] [--warmup 100] [--seed 1]
// It prints each case's medians and writes every measured invocation to the CSV file;
// benchmarks/scripts/interleaved.py reads those files and puts the quotients and their intervals together.
var options = Options.Parse(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var methods = new[] { options.Baseline }.Concat(options.Cases).ToArray();
var builds = new[] { new BuildContext("before", options.Before), new BuildContext("after", options.After) };
var cases = builds.SelectMany(b => methods.Select(m => new BenchmarkCase(b, options.Type, m, options.Parameters))).ToArray();
foreach (var build in builds)
{
    // Each build must run its own core: name where every BatchFlow assembly of its context came from.
    foreach (var assembly in build.Assemblies.Where(a => a.GetName().Name!.StartsWith("BatchFlow", StringComparison.Ordinal)))
    {
        Console.WriteLine($"{build.Label}: {assembly.GetName().Name} from {assembly.Location}");
    }
}

var random = new Random(options.Seed);
var nanoseconds = cases.ToDictionary(c => c, _ => new List<double>());
var bytes = cases.ToDictionary(c => c, _ => new List<double>());
var csv = new StringBuilder("round,position,build,method,ns_per_op,bytes_per_op\n");

Console.WriteLine($"{options.Type} {string.Join(' ', options.Parameters.Select(p => $"{p.Key}={p.Value}"))}: " +
    $"{options.Warmup} warm-up rounds, then {options.Rounds}; each round runs every case once, in a shuffled order.");
for (var round = -options.Warmup; round < options.Rounds; round++)
{
    var order = cases.ToArray();
    random.Shuffle(order);
    for (var position = 0; position < order.Length; position++)
    {
        var (ns, b) = order[position].Invoke();
        if (round >= 0)
        {
            nanoseconds[order[position]].Add(ns);
            bytes[order[position]].Add(b);
            csv.Append(CultureInfo.InvariantCulture, $"{round},{position},{order[position].Build},{order[position].Method},{ns:F3},{b:F3}\n");
        }
    }
}

foreach (var c in cases)
{
    c.CleanUp();
}

File.WriteAllText(options.Csv, csv.ToString());

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

Console.WriteLine();
Console.WriteLine("| build | method | median ns/op | median bytes/op |");
Console.WriteLine("|---|---|---:|---:|");
foreach (var c in cases)
{
    Console.WriteLine($"| {c.Build} | {c.Method} | {Median(nanoseconds[c]):F1} | {Median(bytes[c]):F1} |");
}

return 0;
