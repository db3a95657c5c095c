using System.Data.Common;
using System.Reflection;
using BatchFlow.Tool.Cli;
using BatchFlow.Tool.Commands;

namespace BatchFlow.Tool;

/// <summary>The <c>batchflow</c> command: parses the arguments, runs the command, turns every failure into a message and an exit code.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // The first Ctrl+C cancels, so a scratch schema or database is still dropped; a second one ends the process.
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        return await RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }

    /// <summary>Runs the tool in-process (the tests call this): what <c>batchflow</c> prints goes to the two writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter @out, TextWriter err, CancellationToken ct = default)
    {
        ParsedCommand command;
        try
        {
            command = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            await err.WriteLineAsync($"batchflow: {e.Message}");
            await err.WriteLineAsync($"Run '{e.HelpCommand}' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            switch (command)
            {
                case ShowHelp help:
                    await @out.WriteLineAsync(help.Text);
                    return ExitCodes.Success;
                case ShowVersion:
                    await @out.WriteLineAsync($"batchflow {Version}");
                    return ExitCodes.Success;
                case Pull pull:
                    return await PullCommand.RunAsync(pull.Options, @out, err, ct);
                default:
                    throw new InvalidOperationException($"no handler for {command}");
            }
        }
        catch (UsageException e)
        {
            await err.WriteLineAsync($"batchflow: {e.Message}");
            await err.WriteLineAsync($"Run '{e.HelpCommand}' for usage.");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await err.WriteLineAsync("batchflow: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (ToolException e)
        {
            await err.WriteLineAsync($"batchflow: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (DbException e)
        {
            // Connection refused, authentication, permissions: the driver's message says which.
            await err.WriteLineAsync($"batchflow: could not read the schema: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
