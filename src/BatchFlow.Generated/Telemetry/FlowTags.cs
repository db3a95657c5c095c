namespace BatchFlow;

/// <summary>The tag sets of one flow, built once so that recording a measurement allocates nothing.</summary>
internal sealed class FlowTags
{
    public FlowTags(string table, string provider)
    {
        Table = table;
        Provider = provider;
        Common = [new("table", table), new("provider", provider)];
        QueueFull = WithReason("queue_full");
        Cancelled = WithReason("cancelled");
        Completed = WithReason("completed");
        Success = [.. Common, new("outcome", "success")];
        Failure = [.. Common, new("outcome", "failure")];
    }

    public string Table { get; }

    public string Provider { get; }

    public KeyValuePair<string, object?>[] Common { get; }

    public KeyValuePair<string, object?>[] QueueFull { get; }

    public KeyValuePair<string, object?>[] Cancelled { get; }

    public KeyValuePair<string, object?>[] Completed { get; }

    public KeyValuePair<string, object?>[] Success { get; }

    public KeyValuePair<string, object?>[] Failure { get; }

    private KeyValuePair<string, object?>[] WithReason(string reason) => [.. Common, new("reason", reason)];
}
