using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Reading;

/// <summary>
/// A partition's consumer groups, read now and then: this group's lag and pending count for the metrics, and the
/// history that every group has acknowledged, which may be trimmed.
/// </summary>
internal static class GroupState
{
    /// <summary>
    /// Reads the groups of <paramref name="stream"/>; when <paramref name="trim"/>, removes the entries below the
    /// lowest id that some group still needs: its oldest pending entry, or the first entry it has not been given.
    /// </summary>
    /// <returns>This group's lag and pending count (0 when the group is not found).</returns>
    public static async Task<(long Lag, long Pending)> RefreshAsync(IDatabase db, RedisKey stream, string group, bool trim)
    {
        var groups = await db.StreamGroupInfoAsync(stream).ConfigureAwait(false);
        (long Lag, long Pending) mine = (0, 0);
        (ulong Ms, ulong Seq)? keepFrom = null;
        foreach (var info in groups)
        {
            if (info.Name == group)
            {
                mine = (info.Lag ?? 0, info.PendingMessageCount);
            }

            (ulong Ms, ulong Seq) needed;
            if (info.PendingMessageCount > 0)
            {
                var pending = await db.StreamPendingAsync(stream, info.Name).ConfigureAwait(false);
                needed = pending.PendingMessageCount > 0 ? StreamIds.Parse(pending.LowestPendingMessageId) : StreamIds.Next(StreamIds.Parse(info.LastDeliveredId!));
            }
            else
            {
                needed = StreamIds.Next(StreamIds.Parse(info.LastDeliveredId!));
            }

            keepFrom = keepFrom is { } k && k.CompareTo(needed) <= 0 ? k : needed;
        }

        if (trim && keepFrom is { } from)
        {
            await db.StreamTrimByMinIdAsync(stream, StreamIds.Format(from)).ConfigureAwait(false);
        }

        return mine;
    }
}
