using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace BatchFlow.Hosting;

/// <summary>A flow found among a container's registrations, with the key it is registered under (null when not keyed).</summary>
internal readonly record struct FoundFlow(IBatchFlow Flow, object? Key);

/// <summary>A registration that could not be resolved while looking for flows.</summary>
internal readonly record struct FlowResolutionError(Type ServiceType, object? Key, Exception Exception);

/// <summary>
/// Finds the flows of a container by walking its registrations: singleton instances that are flows, and singletons
/// registered under a flow type (or implemented by one), resolved, keyed ones by their key. Each flow is found once,
/// however many registrations lead to it. Scoped and transient registrations are not the container's to complete at
/// stop, and are skipped.
/// </summary>
internal static class FlowDiscovery
{
    /// <summary>Finds the flows of <paramref name="provider"/>, built from <paramref name="services"/>.</summary>
    /// <param name="services">The registrations.</param>
    /// <param name="provider">The container built from them.</param>
    /// <param name="skip">Registrations not to resolve (the hosting package's own, whose created flows it knows).</param>
    /// <param name="errors">Receives the registrations that could not be resolved.</param>
    public static List<FoundFlow> Find(IServiceCollection services, IServiceProvider provider, Func<ServiceDescriptor, bool>? skip, List<FlowResolutionError> errors)
    {
        var found = new List<FoundFlow>();
        var seen = new HashSet<IBatchFlow>(ReferenceEqualityComparer.Instance);
        foreach (var group in GroupByService(services))
        {
            if (!group.Any(d => IsFlowSingleton(d) && skip?.Invoke(d) != true))
            {
                continue;
            }

            var (type, key) = (group[0].ServiceType, group[0].ServiceKey);
            try
            {
                foreach (var flow in Resolve(provider, group, type, key))
                {
                    if (seen.Add(flow))
                    {
                        found.Add(new FoundFlow(flow, key));
                    }
                }
            }
#pragma warning disable CA1031 // A registration that cannot be resolved must not hide the other flows: the caller reports it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                errors.Add(new FlowResolutionError(type, key, exception));
            }
        }

        return found;
    }

    private static IEnumerable<IBatchFlow> Resolve(IServiceProvider provider, List<ServiceDescriptor> group, Type type, object? key)
    {
        if (group.TrueForAll(d => d.Lifetime == ServiceLifetime.Singleton))
        {
            // All singletons: resolving them all creates nothing that the container would not keep anyway.
            IEnumerable<object?> services = group.Count == 1
                ? [key is null ? provider.GetRequiredService(type) : provider.GetRequiredKeyedService(type, key)]
                : ResolveAll(provider, type, key);
            return services.OfType<IBatchFlow>();
        }

        // Mixed lifetimes: the instances are at hand, and the singleton that wins resolution is the last registration.
        var flows = group.Select(Instance).OfType<IBatchFlow>().ToList();
        if (group[^1] is { Lifetime: ServiceLifetime.Singleton } last && Instance(last) is null && IsFlowSingleton(last))
        {
            var service = key is null ? provider.GetRequiredService(type) : provider.GetRequiredKeyedService(type, key);
            if (service is IBatchFlow flow)
            {
                flows.Add(flow);
            }
        }

        return flows;
    }

    /// <summary>Every registration of a service type, which the container resolves as <c>IEnumerable&lt;T&gt;</c>.</summary>
    private static IEnumerable<object?> ResolveAll(IServiceProvider provider, Type type, object? key)
    {
        if (type == typeof(IBatchFlow))
        {
            // The common case (several flows registered as IBatchFlow) needs no type made at run time.
            return key is null ? provider.GetServices<IBatchFlow>() : provider.GetKeyedServices<IBatchFlow>(key);
        }

        if (type.IsValueType)
        {
            // IEnumerable of a value type may need code that native AOT did not compile: the winning registration only.
            return [key is null ? provider.GetRequiredService(type) : provider.GetRequiredKeyedService(type, key)];
        }

        return ResolveAllOfReferenceType(provider, type, key);
    }

    [UnconditionalSuppressMessage("AotAnalysis", "IL3050:RequiresDynamicCode",
        Justification = "Only reached for reference types: IEnumerable<T> and T[] of a reference type share code compiled ahead of time, which is also why the container itself resolves them under native AOT and refuses only value types.")]
    private static IEnumerable<object?> ResolveAllOfReferenceType(IServiceProvider provider, Type type, object? key) =>
        key is null ? provider.GetServices(type) : provider.GetKeyedServices(type, key);

    /// <summary>The registrations grouped by service type and key, in the order each group first appears.</summary>
    private static List<List<ServiceDescriptor>> GroupByService(IServiceCollection services)
    {
        var groups = new List<List<ServiceDescriptor>>();
        var index = new Dictionary<(Type, object?), List<ServiceDescriptor>>();
        foreach (var descriptor in services.ToArray())
        {
            if (descriptor.ServiceType.ContainsGenericParameters || Equals(descriptor.ServiceKey, KeyedService.AnyKey))
            {
                // Open generics and any-key registrations have no instance until someone asks for a closed type or a key.
                continue;
            }

            if (!index.TryGetValue((descriptor.ServiceType, descriptor.ServiceKey), out var group))
            {
                group = [];
                index.Add((descriptor.ServiceType, descriptor.ServiceKey), group);
                groups.Add(group);
            }

            group.Add(descriptor);
        }

        return groups;
    }

    private static bool IsFlowSingleton(ServiceDescriptor descriptor) =>
        descriptor.Lifetime == ServiceLifetime.Singleton
        && (Instance(descriptor) is IBatchFlow
            || typeof(IBatchFlow).IsAssignableFrom(descriptor.ServiceType)
            || ImplementationType(descriptor) is { } implementation && typeof(IBatchFlow).IsAssignableFrom(implementation));

    // The keyed accessors must be used for keyed registrations: the plain ones throw there.
    private static object? Instance(ServiceDescriptor descriptor) =>
        descriptor.IsKeyedService ? descriptor.KeyedImplementationInstance : descriptor.ImplementationInstance;

    private static Type? ImplementationType(ServiceDescriptor descriptor) =>
        descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType;
}
