namespace BatchFlow.Tool.Cli;

/// <summary>A command line, parsed: what to run.</summary>
internal abstract record ParsedCommand;

/// <summary>Print <paramref name="Text"/> (a help page) and exit 0.</summary>
internal sealed record ShowHelp(string Text) : ParsedCommand;

/// <summary>Print the tool's version and exit 0.</summary>
internal sealed record ShowVersion : ParsedCommand;

/// <summary><c>batchflow schema pull</c>, with or without <c>--check</c>.</summary>
internal sealed record Pull(PullOptions Options) : ParsedCommand;
