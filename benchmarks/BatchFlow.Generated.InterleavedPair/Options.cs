namespace BatchFlow.InterleavedPair;

/// <summary>The command line: which two builds, which suite and cases, how many rounds.</summary>
internal sealed record Options(
    string Before,
    string After,
    string Type,
    string Baseline,
    IReadOnlyList<string> Cases,
    IReadOnlyDictionary<string, string> Parameters,
    int Rounds,
    int Warmup,
    int Seed,
    int Renew,
    int Settle,
    string First,
    string Csv)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var parameters = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected '--name value' pairs; '{args[i]}' has no value.");
            }

            var (name, value) = (args[i][2..], args[++i]);
            if (name == "param")
            {
                var parts = value.Split('=', 2);
                parameters[parts[0]] = parts.Length == 2 ? parts[1] : throw new ArgumentException($"--param wants Name=Value, not '{value}'.");
            }
            else
            {
                values[name] = value;
            }
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var rounds = Number("rounds", 1000);
        var first = values.GetValueOrDefault("first", "before");
        if (rounds < 40)
        {
            throw new ArgumentException("--rounds must be at least 40: interleaved.py cuts a process's rounds into 20 blocks of at least two.");
        }

        return new Options(
            Required("before"),
            Required("after"),
            Required("type"),
            Required("baseline"),
            Required("cases").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            parameters,
            rounds,
            Number("warmup", 100),
            Number("seed", 1),
            Number("renew", 0),
            Number("settle", 2),
            first is "before" or "after" ? first : throw new ArgumentException($"--first wants 'before' or 'after', not '{first}'."),
            Required("csv"));
    }
}
