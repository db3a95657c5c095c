namespace BatchFlow.Tool.Cli;

/// <summary>The command line asks for something the tool cannot do as written: exit code 2, with the message and a pointer to help.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message, string helpCommand = "batchflow --help")
        : base(message)
    {
        HelpCommand = helpCommand;
    }

    /// <summary>The help to point to (<c>batchflow schema pull --help</c>).</summary>
    public string HelpCommand { get; }
}
