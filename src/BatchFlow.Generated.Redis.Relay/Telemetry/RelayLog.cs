using Microsoft.Extensions.Logging;

namespace BatchFlow.Redis.Relay;

/// <summary>The relay's log messages (event ids 101 and up; the core's are below 100).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(101, LogLevel.Information, "Relay '{Consumer}' now holds partition {Partition} of '{Stream}' ({Held} held, fair share {Share}).")]
    public static partial void Acquired(ILogger logger, string consumer, int partition, string stream, int held, int share);

    [LoggerMessage(102, LogLevel.Information, "Relay '{Consumer}' gave up partition {Partition} of '{Stream}' ({Reason}).")]
    public static partial void Released(ILogger logger, string consumer, int partition, string stream, string reason);

    [LoggerMessage(103, LogLevel.Information, "Claimed {Entries} pending entries of '{Stream}' ({FromOthers} left by another consumer).")]
    public static partial void Claimed(ILogger logger, int entries, string? stream, int fromOthers);

    [LoggerMessage(104, LogLevel.Warning, "Entry {EntryId} of '{Stream}' was moved to the dead-letter stream '{DeadLetterStream}': {Error}")]
    public static partial void DeadLettered(ILogger logger, string? entryId, string? stream, string deadLetterStream, string error);

    [LoggerMessage(105, LogLevel.Warning, "{Rows} row(s) were not written ({Reason}); submitting them again in {DelayMs} ms. Their entries stay pending meanwhile.")]
    public static partial void Retrying(ILogger logger, int rows, BatchDeliveryFailure reason, int delayMs, Exception error);

    [LoggerMessage(106, LogLevel.Warning, "Reading '{Stream}' failed; trying again in {DelayMs} ms. Entries in hand stay pending.")]
    public static partial void RedisFailed(ILogger logger, string? stream, int delayMs, Exception error);

    [LoggerMessage(107, LogLevel.Warning, "Relay '{Consumer}' could not renew or balance its leases of '{Stream}'; trying again at the next beat.")]
    public static partial void LeaseFailed(ILogger logger, string consumer, string stream, Exception error);

    [LoggerMessage(108, LogLevel.Error, "Relay '{Consumer}' of '{Stream}' stopped: its partition reader failed.")]
    public static partial void ReaderFailed(ILogger logger, string consumer, string stream, Exception error);
}
