using System.Globalization;

namespace BatchFlow.ShutdownHost;

/// <summary>
/// The host's machine-readable lines on stdout (the tests parse them). <see cref="Console.Out"/> is synchronized and
/// flushes every write, so lines written from the producer, the failure handlers and process exit never interleave
/// and are not lost when the process ends.
/// </summary>
public static class Output
{
    public static void Line(string line) => Console.Out.WriteLine(line);

    public static void Ready() => Line("ready");

    /// <summary>The rows accepted so far and the rows the flow has written: the tests send SIGTERM once both grow.</summary>
    public static void Progress(long accepted, long written) =>
        Line(string.Create(CultureInfo.InvariantCulture, $"accepted {accepted} written {written}"));

    public static void ProducerStopped(string table, long accepted) =>
        Line(string.Create(CultureInfo.InvariantCulture, $"producer-stopped table={table} accepted={accepted}"));

    public static void Failed(string table, int rows, Exception exception) =>
        Line(string.Create(CultureInfo.InvariantCulture, $"failed table={table} rows={rows} error={exception.GetType().Name}"));

    /// <param name="prefix"><c>status</c> once the host has stopped, <c>exit-status</c> at process exit.</param>
    public static void Status(string prefix, IBatchFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var status = flow.GetStatus();
        Line(string.Create(
            CultureInfo.InvariantCulture,
            $"{prefix} table={flow.TableName} accepted={status.Accepted} written={status.Written} deduplicated={status.Deduplicated} failed={status.Failed} deadlettered={status.DeadLettered} held={status.Held} completed={(flow.Completion.IsCompleted ? "true" : "false")}"));
    }
}
