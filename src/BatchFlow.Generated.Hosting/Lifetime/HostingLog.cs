using Microsoft.Extensions.Logging;

namespace BatchFlow.Hosting;

/// <summary>
/// What the hosted lifetime logs (category <c>BatchFlow.Hosting</c>), source-generated. Event ids are stable and
/// apart from the flows' own (category <c>BatchFlow</c>, ids below 100).
/// </summary>
internal static partial class HostingLog
{
    public const string Category = "BatchFlow.Hosting";

    [LoggerMessage(101, LogLevel.Information, "The host is stopping: completing {Count} flow(s) within its shutdown timeout.")]
    public static partial void Completing(ILogger logger, int count);

    [LoggerMessage(102, LogLevel.Information, "The flow into table '{Table}' ({Provider}) completed: {Accepted} row(s) accepted, {Written} written, {Deduplicated} deduplicated, {Failed} failed, {DeadLettered} dead-lettered.")]
    public static partial void Completed(ILogger logger, string table, string provider, long accepted, long written, long deduplicated, long failed, long deadLettered);

    [LoggerMessage(103, LogLevel.Error, "The flow into table '{Table}' ({Provider}) completed with a failure: {Accepted} row(s) accepted, {Written} written, {Deduplicated} deduplicated, {Failed} failed, {DeadLettered} dead-lettered.")]
    public static partial void CompletedWithFailure(ILogger logger, Exception exception, string table, string provider, long accepted, long written, long deduplicated, long failed, long deadLettered);

    [LoggerMessage(104, LogLevel.Warning, "The host's shutdown timeout passed with {Count} flow(s) still completing: the rows they have not written go to their dead-letter file or failure handler.")]
    public static partial void DeadlineReached(ILogger logger, int count);

    [LoggerMessage(105, LogLevel.Error, "The flow registered as {ServiceType} (key {Key}) could not be resolved to complete it as the host stops.")]
    public static partial void ResolveFailed(ILogger logger, Exception exception, string serviceType, string key);

    [LoggerMessage(106, LogLevel.Error, "The flow {FlowType} could not report its status after completing as the host stops.")]
    public static partial void StatusFailed(ILogger logger, Exception exception, string flowType);
}
