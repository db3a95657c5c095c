namespace BatchFlow.Redis.Relay.Coordination;

/// <summary>How many partitions a relay aims to hold, and where it starts looking for free ones.</summary>
internal static class FairShare
{
    /// <summary><c>ceil(partitions / live)</c>: every partition is held when each live relay holds its share.</summary>
    public static int Of(int partitions, int live) => (partitions + Math.Max(1, live) - 1) / Math.Max(1, live);

    /// <summary>A starting partition that differs between relays, so that they do not all contend for partition 0 first.</summary>
    public static int StartFor(string consumer, int partitions)
    {
        var hash = 17u;
        foreach (var c in consumer)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (int)(hash % (uint)partitions);
    }
}
