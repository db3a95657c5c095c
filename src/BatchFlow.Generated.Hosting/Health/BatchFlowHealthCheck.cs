using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BatchFlow.Hosting;

/// <summary>
/// The health of one flow, from <see cref="IBatchFlow.GetStatus"/>: <see cref="HealthStatus.Unhealthy"/> while writes
/// keep failing (<see cref="BatchFlowStatus.FailedAttemptsInARow"/> at least <see cref="UnhealthyAfterFailedAttempts"/>,
/// with the last error as the exception), <see cref="HealthStatus.Degraded"/> when the queue is nearly full
/// (<see cref="BatchFlowStatus.Queued"/> at least <see cref="DegradedRatio"/> of <see cref="BatchFlowStatus.Capacity"/>:
/// producers are about to wait, or <c>TrySubmit</c> to refuse rows), <see cref="HealthStatus.Healthy"/> otherwise. The
/// result's data holds the counts: <c>held</c>, <c>queued</c>, <c>capacity</c>, <c>accepted</c>, <c>written</c>,
/// <c>deduplicated</c>, <c>failed</c>, <c>dead-lettered</c>, <c>failed-attempts-in-a-row</c> and <c>completing</c>.
/// </summary>
public sealed class BatchFlowHealthCheck : IHealthCheck
{
    /// <summary>Creates a check of <paramref name="flow"/>.</summary>
    /// <param name="flow">The flow to watch.</param>
    /// <param name="degradedRatio">The share of the queue's capacity from which the flow is degraded, in (0, 1]. Default 0.9.</param>
    /// <param name="unhealthyAfterFailedAttempts">Failed write attempts in a row from which the flow is unhealthy, at least 1. Default 3.</param>
    /// <exception cref="ArgumentNullException"><paramref name="flow"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is out of range.</exception>
    public BatchFlowHealthCheck(IBatchFlow flow, double degradedRatio = 0.9, int unhealthyAfterFailedAttempts = 3)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ValidateThresholds(degradedRatio, unhealthyAfterFailedAttempts);
        Flow = flow;
        DegradedRatio = degradedRatio;
        UnhealthyAfterFailedAttempts = unhealthyAfterFailedAttempts;
    }

    /// <summary>The flow watched.</summary>
    public IBatchFlow Flow { get; }

    /// <summary>The share of the queue's capacity from which the flow is degraded.</summary>
    public double DegradedRatio { get; }

    /// <summary>Failed write attempts in a row from which the flow is unhealthy.</summary>
    public int UnhealthyAfterFailedAttempts { get; }

    /// <summary>Throws when a threshold is out of range (also checked where checks are registered, to fail early).</summary>
    internal static void ValidateThresholds(double degradedRatio, int unhealthyAfterFailedAttempts)
    {
        if (!(degradedRatio > 0 && degradedRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(degradedRatio), degradedRatio, "The degraded ratio must be greater than 0 and at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(unhealthyAfterFailedAttempts, 1);
    }

    /// <summary>Reads the flow's status; takes no time and never throws for a flow whose status can be read.</summary>
    /// <param name="context">The check's registration (unused).</param>
    /// <param name="cancellationToken">Unused: the check does not wait.</param>
    /// <returns>The flow's health.</returns>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = Flow.GetStatus();
        var data = new Dictionary<string, object>
        {
            ["held"] = status.Held,
            ["queued"] = status.Queued,
            ["capacity"] = status.Capacity,
            ["accepted"] = status.Accepted,
            ["written"] = status.Written,
            ["deduplicated"] = status.Deduplicated,
            ["failed"] = status.Failed,
            ["dead-lettered"] = status.DeadLettered,
            ["failed-attempts-in-a-row"] = status.FailedAttemptsInARow,
            ["completing"] = status.IsCompleting,
        };

        var flow = string.Create(CultureInfo.InvariantCulture, $"The flow into table '{Flow.TableName}' ({Flow.ProviderName})");
        HealthCheckResult result;
        if (status.FailedAttemptsInARow >= UnhealthyAfterFailedAttempts)
        {
            var reason = status.LastError is { } error ? $": {error.GetType().Name}: {error.Message}" : ".";
            result = HealthCheckResult.Unhealthy(
                string.Create(CultureInfo.InvariantCulture, $"{flow} failed its last {status.FailedAttemptsInARow} write attempts in a row{reason}"),
                status.LastError,
                data);
        }
        else if (status.Queued >= DegradedRatio * status.Capacity)
        {
            result = HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"{flow} has {status.Queued} of {status.Capacity} row(s) queued: producers are about to wait."),
                data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture, $"{flow} holds {status.Held} row(s); {status.Written} written."),
                data);
        }

        return Task.FromResult(result);
    }
}
