using Microsoft.Extensions.Logging;

namespace BatchFlow;

/// <summary>
/// What a flow logs (category <c>BatchFlow</c>), source-generated so that a disabled level costs a check and nothing
/// else. Event ids are stable: dashboards and alerts may rely on them.
/// </summary>
internal static partial class FlowLog
{
    public const string Category = "BatchFlow";

    [LoggerMessage(1, LogLevel.Warning, "Write of {Rows} row(s) to table '{Table}' ({Provider}) failed (attempt {Attempt} of {MaxAttempts}) with a transient error; retrying in {DelayMs} ms.")]
    public static partial void Retrying(ILogger logger, Exception exception, int rows, string table, string provider, int attempt, int maxAttempts, double delayMs);

    [LoggerMessage(2, LogLevel.Error, "{Rows} row(s) could not be written to table '{Table}' ({Provider}) after {Attempts} attempt(s) and no failure handler is set: they are lost.")]
    public static partial void RowsFailedWithoutHandler(ILogger logger, Exception exception, int rows, string table, string provider, int attempts);

    [LoggerMessage(3, LogLevel.Error, "The failure handler of the flow into table '{Table}' ({Provider}) threw for {Rows} failed row(s): they are lost.")]
    public static partial void HandlerThrew(ILogger logger, Exception exception, int rows, string table, string provider);

    [LoggerMessage(4, LogLevel.Error, "The flow into table '{Table}' ({Provider}) completed with {LostRows} row(s) lost: {Written} written, {Failed} failed, {DeadLettered} dead-lettered of {Accepted} accepted.")]
    public static partial void CompletedWithLoss(ILogger logger, Exception? exception, string table, string provider, long lostRows, long written, long failed, long deadLettered, long accepted);

    [LoggerMessage(5, LogLevel.Warning, "The shutdown deadline of the flow into table '{Table}' ({Provider}) passed with {Rows} row(s) not yet written: they go to the dead-letter file or the failure handler instead.")]
    public static partial void DeadlineReached(ILogger logger, string table, string provider, long rows);

    [LoggerMessage(6, LogLevel.Warning, "{Rows} row(s) for table '{Table}' ({Provider}) were written to the dead-letter file '{Path}'; replay them with BatchFlowDeadLetters.ReplayAsync.")]
    public static partial void DeadLettered(ILogger logger, int rows, string table, string provider, string path);

    [LoggerMessage(7, LogLevel.Warning, "The flow into table '{Table}' ({Provider}) was never completed by its owner and holds {Rows} row(s) at process exit: completing it now, for at most {TimeoutSeconds} s.")]
    public static partial void CompletingAtProcessExit(ILogger logger, string table, string provider, long rows, double timeoutSeconds);

    [LoggerMessage(8, LogLevel.Error, "The sink of the flow into table '{Table}' ({Provider}) failed to close.")]
    public static partial void SinkCloseFailed(ILogger logger, Exception exception, string table, string provider);

    [LoggerMessage(9, LogLevel.Information, "The flow into table '{Table}' ({Provider}) completed: {Written} row(s) written, {Failed} failed, {DeadLettered} dead-lettered of {Accepted} accepted.")]
    public static partial void Completed(ILogger logger, string table, string provider, long written, long failed, long deadLettered, long accepted);
}
