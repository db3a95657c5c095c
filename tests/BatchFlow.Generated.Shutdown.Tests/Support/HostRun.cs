using System.Globalization;

namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>What a host printed until it exited, and how it exited (see the host's HostSettings.Usage for the lines).</summary>
public sealed class HostRun(int exitCode, TimeSpan sinceSignal, IReadOnlyList<string> lines)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>From SIGTERM to the process's exit.</summary>
    public TimeSpan SinceSignal { get; } = sinceSignal;

    /// <summary>Every line, stdout and stderr (prefixed <c>stderr: </c>) in the order they were read.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>The rows the producer had accepted into the flow of <paramref name="table"/> when it stopped.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">The host did not print its producer-stopped line for the table.</exception>
    public long Accepted(string table)
    {
        var stopped = Lines.Select(line => Fields(line, "producer-stopped")).SingleOrDefault(fields => fields?["table"] == table);
        Assert.True(stopped is not null, $"The host printed no 'producer-stopped table={table}' line.");
        return long.Parse(stopped["accepted"], CultureInfo.InvariantCulture);
    }

    /// <summary>The rows handed to the failure handler of the flow of <paramref name="table"/> (its <c>failed</c> lines).</summary>
    public long FailedRows(string table) =>
        Lines.Select(line => Fields(line, "failed")).Where(fields => fields?["table"] == table).Sum(fields => long.Parse(fields!["rows"], CultureInfo.InvariantCulture));

    /// <summary>The flow's status printed after the host stopped (<paramref name="prefix"/> <c>status</c>), or at process exit (<c>exit-status</c>).</summary>
    public FlowCounts? Status(string table, string prefix = "status")
    {
        var fields = Lines.Select(line => Fields(line, prefix)).SingleOrDefault(f => f?["table"] == table);
        return fields is null
            ? null
            : new FlowCounts(
                Accepted: long.Parse(fields["accepted"], CultureInfo.InvariantCulture),
                Written: long.Parse(fields["written"], CultureInfo.InvariantCulture),
                Failed: long.Parse(fields["failed"], CultureInfo.InvariantCulture),
                DeadLettered: long.Parse(fields["deadlettered"], CultureInfo.InvariantCulture),
                Held: long.Parse(fields["held"], CultureInfo.InvariantCulture),
                Completed: fields["completed"] == "true");
    }

    /// <summary>The key=value fields of a line that starts with <paramref name="kind"/>, or null.</summary>
    private static Dictionary<string, string>? Fields(string line, string kind)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] != kind)
        {
            return null;
        }

        return parts.Skip(1).Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
    }
}

/// <summary>A flow's counts as the host printed them.</summary>
public readonly record struct FlowCounts(long Accepted, long Written, long Failed, long DeadLettered, long Held, bool Completed);

/// <summary>What a table holds: rows, distinct ids, the highest id (the producer numbers rows 1, 2, 3, …).</summary>
public readonly record struct StoredRows(long Count, long DistinctIds, long MaxId)
{
    /// <summary>Rows 1..<paramref name="accepted"/>, each exactly once.</summary>
    public static StoredRows ExactlyOnce(long accepted) => new(accepted, accepted, accepted);
}
