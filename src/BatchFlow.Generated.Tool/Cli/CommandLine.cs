namespace BatchFlow.Tool.Cli;

/// <summary>
/// Parses the tool's arguments by hand (no command-line package): <c>schema pull</c> and its options, <c>--name value</c>
/// or <c>--name=value</c>. Everything it refuses is a <see cref="UsageException"/> whose message says what to write instead.
/// </summary>
internal static class CommandLine
{
    private const string PullHelp = "batchflow schema pull --help";

    private static readonly string[] s_pullOptions = ["--provider", "--connection", "--ddl", "--table", "--out", "--check", "--help"];

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("no command given: the tool has one, 'batchflow schema pull'.");
        }

        switch (args[0])
        {
            case "-h" or "--help" or "help":
                return new ShowHelp(HelpText.Main);
            case "--version":
                return new ShowVersion();
            case "schema":
                break;
            default:
                throw new UsageException(args[0].StartsWith('-')
                    ? $"unknown option '{args[0]}' before the command: the tool's command is 'batchflow schema pull'."
                    : $"unknown command '{args[0]}': the tool's command is 'batchflow schema pull'.");
        }

        if (args.Count == 1)
        {
            throw new UsageException("'batchflow schema' needs a command: 'batchflow schema pull'.", "batchflow schema --help");
        }

        switch (args[1])
        {
            case "-h" or "--help" or "help":
                return new ShowHelp(HelpText.Schema);
            case "pull":
                return ParsePull(args.Skip(2).ToList());
            default:
                throw new UsageException($"unknown command 'schema {args[1]}': the schema command is 'batchflow schema pull'.", "batchflow schema --help");
        }
    }

    private static ParsedCommand ParsePull(List<string> args)
    {
        string? provider = null, connection = null, output = null;
        var ddl = new List<string>();
        var tables = new List<string>();
        var check = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new ShowHelp(HelpText.Pull);
            }

            if (!arg.StartsWith('-') || arg == PullOptions.StandardOutput)
            {
                throw new UsageException($"unexpected argument '{arg}': 'schema pull' takes options only (--provider, --connection, --ddl, --table, --out, --check).", PullHelp);
            }

            // --name=value: the value starts after the first '=' (a connection string holds more of them).
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string? inline = equals < 0 ? null : arg[(equals + 1)..];
            switch (name)
            {
                case "--provider":
                    Once(ref provider, name, Value(args, ref i, name, inline, "sqlite, postgres or mysql"));
                    break;
                case "--connection":
                    Once(ref connection, name, Value(args, ref i, name, inline, "a connection string"));
                    break;
                case "--out" or "-o":
                    Once(ref output, "--out", Value(args, ref i, "--out", inline, "a file name, or - for standard output"));
                    break;
                case "--ddl":
                    ddl.Add(Value(args, ref i, name, inline, "a DDL file"));
                    break;
                case "--table":
                    tables.Add(Value(args, ref i, name, inline, "a table name"));
                    break;
                case "--check":
                    if (inline is not null)
                    {
                        throw new UsageException("--check takes no value.", PullHelp);
                    }

                    check = true;
                    break;
                default:
                    throw new UsageException(Nearest(name) is { } near
                        ? $"unknown option '{name}' for 'schema pull': did you mean '{near}'?"
                        : $"unknown option '{name}' for 'schema pull'.", PullHelp);
            }
        }

        return new Pull(Validate(provider, connection, ddl, tables, output, check));
    }

    private static PullOptions Validate(string? providerName, string? connection, List<string> ddl, List<string> tables, string? output, bool check)
    {
        if (providerName is null)
        {
            throw new UsageException($"--provider is required: {ProviderNames.Accepted}.", PullHelp);
        }

        if (!ProviderNames.TryParse(providerName, out var provider))
        {
            throw new UsageException($"unknown provider '{providerName}': use {ProviderNames.Accepted}.", PullHelp);
        }

        if (provider == ProviderKind.Sqlite)
        {
            if (connection is null && ddl.Count == 0)
            {
                throw new UsageException("sqlite needs --connection (the database file) or --ddl (DDL files to apply to an in-memory database).", PullHelp);
            }

            if (connection is not null && ddl.Count > 0)
            {
                throw new UsageException("sqlite takes --connection or --ddl, not both: --ddl applies the files to an in-memory database.", PullHelp);
            }
        }
        else if (connection is null)
        {
            var name = ProviderNames.SnapshotName(provider);
            throw new UsageException(ddl.Count > 0
                ? $"{name} needs --connection with --ddl: the server where the tool makes a scratch {(provider == ProviderKind.Postgres ? "schema" : "database")} to apply the files to."
                : $"{name} needs --connection (the connection string of the database to read).", PullHelp);
        }

        output ??= Snapshots.SnapshotText.FileName;
        if (check && output == PullOptions.StandardOutput)
        {
            throw new UsageException("--check compares with a snapshot file: '--out -' (standard output) is only for writing one.", PullHelp);
        }

        // The same table named twice is one table; order does not matter (snapshots are sorted by name).
        var distinct = tables.Distinct(StringComparer.Ordinal).ToList();
        return new PullOptions(provider, connection, ddl, distinct, output, check);
    }

    private static string Value(List<string> args, ref int i, string name, string? inline, string what)
    {
        string value;
        if (inline is not null)
        {
            value = inline;
        }
        else if (i + 1 < args.Count && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
        {
            value = args[++i];
        }
        else
        {
            throw new UsageException(i + 1 < args.Count
                ? $"{name} needs a value ({what}), but the next argument is the option '{args[i + 1]}'."
                : $"{name} needs a value ({what}).", PullHelp);
        }

        if (value.Length == 0)
        {
            throw new UsageException($"{name} needs a value ({what}), not an empty one.", PullHelp);
        }

        return value;
    }

    private static void Once(ref string? slot, string name, string value)
    {
        if (slot is not null)
        {
            throw new UsageException($"{name} is given twice ('{slot}' and '{value}'): give it once.", PullHelp);
        }

        slot = value;
    }

    /// <summary>The pull option within two edits of a mistyped one (<c>--tabel</c> → <c>--table</c>), or null.</summary>
    private static string? Nearest(string name)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var option in s_pullOptions)
        {
            var distance = Distance(name, option);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (option, distance);
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
