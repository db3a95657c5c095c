using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting;

/// <summary>
/// Adds the checks of one <see cref="BatchFlowHealthCheckBuilderExtensions.AddBatchFlowCheck{TFlow}"/> call when the
/// health check service reads its options, that is once the container is built and every flow is registered: the
/// flows are found then (and created, if nothing had created them yet), one check each.
/// </summary>
internal sealed class FlowHealthChecks : IConfigureOptions<HealthCheckServiceOptions>
{
    private readonly BatchFlowRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly Settings _settings;

    public FlowHealthChecks(BatchFlowRegistry registry, IServiceProvider services, Settings settings)
    {
        _registry = registry;
        _services = services;
        _settings = settings;
    }

    public void Configure(HealthCheckServiceOptions options)
    {
        var errors = new List<FlowResolutionError>();
        var flows = FlowDiscovery.Find(_registry.Services, _services, skip: null, errors)
            .Where(found => _settings.FlowType.IsInstanceOfType(found.Flow))
            .ToList();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var error in errors)
        {
            var result = HealthCheckResult.Unhealthy($"The flow registered as {error.ServiceType.Name} could not be created: {error.Exception.Message}", error.Exception);
            Add(options, Unique(names, $"{_settings.Name}:{error.ServiceType.Name}"), new FixedHealthCheck(result));
        }

        if (flows.Count == 0 && errors.Count == 0)
        {
            var result = HealthCheckResult.Unhealthy($"No flow of type {_settings.FlowType.Name} is registered in the container.");
            Add(options, _settings.Name, new FixedHealthCheck(result));
            return;
        }

        foreach (var found in flows)
        {
            var name = flows.Count == 1 && errors.Count == 0
                ? _settings.Name
                : Unique(names, $"{_settings.Name}:{found.Key?.ToString() ?? found.Flow.TableName}");
            Add(options, name, new BatchFlowHealthCheck(found.Flow, _settings.DegradedRatio, _settings.UnhealthyAfterFailedAttempts));
        }
    }

    private void Add(HealthCheckServiceOptions options, string name, IHealthCheck check) =>
        options.Registrations.Add(new HealthCheckRegistration(name, check, failureStatus: null, _settings.Tags));

    private static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
        {
            candidate = $"{name}#{i}";
        }

        return candidate;
    }

    /// <summary>What one <c>AddBatchFlowCheck</c> call asked for.</summary>
    public sealed record Settings(Type FlowType, string Name, double DegradedRatio, int UnhealthyAfterFailedAttempts, string[] Tags);

    /// <summary>A check whose answer is known in advance (a flow missing or not creatable).</summary>
    private sealed class FixedHealthCheck(HealthCheckResult result) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(result);
    }
}
