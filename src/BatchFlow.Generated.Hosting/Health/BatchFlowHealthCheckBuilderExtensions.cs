using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting;

/// <summary>Health checks of flows (<see cref="BatchFlowHealthCheck"/>).</summary>
public static class BatchFlowHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds one <see cref="BatchFlowHealthCheck"/> per flow of type <typeparamref name="TFlow"/> in the container
    /// (<see cref="IBatchFlow"/>: every flow), however it was registered, keyed or not, found when the health check
    /// service starts. One flow's check is named <paramref name="name"/>, or else the type's name (<c>UserFlow</c>;
    /// <c>BatchFlow</c> for <see cref="IBatchFlow"/>); when several flows match, each check's name adds the flow's key,
    /// or else its table (<c>UserFlow:eu</c>, <c>BatchFlow:users</c>). When none matches, a single check of that name
    /// reports unhealthy, so that a flow missing from the container is not mistaken for a healthy one.
    /// </summary>
    /// <typeparam name="TFlow">The flow type; <see cref="IBatchFlow"/> for every flow.</typeparam>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name, or the names' prefix; null for the type's name.</param>
    /// <param name="degradedRatio">The share of the queue's capacity from which a flow is degraded, in (0, 1].</param>
    /// <param name="unhealthyAfterFailedAttempts">Failed write attempts in a row from which a flow is unhealthy, at least 1.</param>
    /// <param name="tags">Tags of the checks, to filter them (e.g. <c>ready</c>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is out of range.</exception>
    public static IHealthChecksBuilder AddBatchFlowCheck<TFlow>(
        this IHealthChecksBuilder builder,
        string? name = null,
        double degradedRatio = 0.9,
        int unhealthyAfterFailedAttempts = 3,
        IEnumerable<string>? tags = null)
        where TFlow : class, IBatchFlow
    {
        ArgumentNullException.ThrowIfNull(builder);
        BatchFlowHealthCheck.ValidateThresholds(degradedRatio, unhealthyAfterFailedAttempts);
        var services = builder.Services;
        var registry = BatchFlowRegistry.GetOrAdd(services);
        var settings = new FlowHealthChecks.Settings(
            typeof(TFlow),
            name ?? (typeof(TFlow) == typeof(IBatchFlow) ? "BatchFlow" : typeof(TFlow).Name),
            degradedRatio,
            unhealthyAfterFailedAttempts,
            tags?.ToArray() ?? []);
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new FlowHealthChecks(registry, sp, settings));
        return builder;
    }
}
