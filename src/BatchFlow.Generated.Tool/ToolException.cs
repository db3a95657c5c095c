namespace BatchFlow.Tool;

/// <summary>
/// The tool could not do what it was asked (a database it cannot reach, a DDL file that fails, a snapshot it cannot
/// read): exit code 3, the message printed as is. The message names the file, table or option at fault.
/// </summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
