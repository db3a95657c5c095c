using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace BatchFlow.Hosting;

/// <summary>
/// What the hosting package knows of one container: its registrations (kept so that the lifetime can find, at stop,
/// flows registered in any way), the registrations it added itself, and the flows those have created so far.
/// </summary>
internal sealed class BatchFlowRegistry
{
    private readonly HashSet<ServiceDescriptor> _own = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<IBatchFlow, byte> _created = new(ReferenceEqualityComparer.Instance);

    private BatchFlowRegistry(IServiceCollection services) => Services = services;

    /// <summary>The container's registrations, read again at stop (so that registrations made later are seen too).</summary>
    public IServiceCollection Services { get; }

    /// <summary>Flows created so far by registrations of <see cref="BatchFlowServiceCollectionExtensions"/>.</summary>
    public ICollection<IBatchFlow> Created => _created.Keys;

    /// <summary>The registry of <paramref name="services"/>, added to it as a singleton instance the first time.</summary>
    public static BatchFlowRegistry GetOrAdd(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(BatchFlowRegistry) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is BatchFlowRegistry found)
            {
                return found;
            }
        }

        var registry = new BatchFlowRegistry(services);
        services.Add(ServiceDescriptor.Singleton(registry));
        return registry;
    }

    /// <summary>Records a registration of this package: the lifetime completes its flow only once it has been created.</summary>
    public void Own(ServiceDescriptor descriptor)
    {
        lock (_own)
        {
            _own.Add(descriptor);
        }
    }

    /// <summary>Whether <paramref name="descriptor"/> is a registration of this package.</summary>
    public bool IsOwn(ServiceDescriptor descriptor)
    {
        lock (_own)
        {
            return _own.Contains(descriptor);
        }
    }

    /// <summary>Records a flow created by a registration of this package.</summary>
    public TFlow Track<TFlow>(TFlow flow)
        where TFlow : class, IBatchFlow
    {
        _created.TryAdd(flow, 0);
        return flow;
    }
}
