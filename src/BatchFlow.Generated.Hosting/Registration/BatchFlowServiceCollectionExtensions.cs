using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting;

/// <summary>
/// Registers flows in a container: each a singleton with its own named <see cref="BatchFlowOptions"/> (validated when
/// the host starts, with the host's <see cref="ILoggerFactory"/> and <see cref="System.Diagnostics.Metrics.IMeterFactory"/>),
/// and a hosted lifetime that completes every flow in the container when the host stops.
/// </summary>
public static class BatchFlowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TFlow"/> as a singleton created by <paramref name="factory"/> with the options named
    /// <c>typeof(TFlow).Name</c>, and the hosted lifetime (<see cref="AddBatchFlowLifetime"/>) that completes it when the
    /// host stops. The options reach the factory validated, with <see cref="BatchFlowOptions.LoggerFactory"/> and
    /// <see cref="BatchFlowOptions.MeterFactory"/> taken from the container when not set; wrap them to add a failure
    /// handler: <c>UserFlow.Sqlite(cs, new BatchFlowOptions&lt;User&gt;(options) { OnFailure = … })</c>.
    /// </summary>
    /// <typeparam name="TFlow">The flow type, e.g. a generated <c>UserFlow</c>.</typeparam>
    /// <param name="services">The container's registrations.</param>
    /// <param name="factory">Creates the flow from the container and its options, e.g.
    /// <c>(sp, options) =&gt; UserFlow.Sqlite(connectionString, options)</c>.</param>
    /// <returns>A builder for the flow's options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="factory"/> is null.</exception>
    public static BatchFlowBuilder<TFlow> AddBatchFlow<TFlow>(this IServiceCollection services, Func<IServiceProvider, BatchFlowOptions, TFlow> factory)
        where TFlow : class, IBatchFlow
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        var name = typeof(TFlow).Name;
        var registry = AddFlowServices(services, name);
        var descriptor = ServiceDescriptor.Singleton(sp => registry.Track(CreateFlow(sp, name, factory)));
        registry.Own(descriptor);
        services.Add(descriptor);
        return new BatchFlowBuilder<TFlow>(name, services);
    }

    /// <summary>
    /// Registers <typeparamref name="TFlow"/> as a keyed singleton (resolve it with <c>[FromKeyedServices(key)]</c> or
    /// <c>GetRequiredKeyedService</c>) with the options named <c>key.ToString()</c>; otherwise as
    /// <see cref="AddBatchFlow{TFlow}"/>. Use it for several flows of one type, e.g. one per database.
    /// </summary>
    /// <typeparam name="TFlow">The flow type.</typeparam>
    /// <param name="services">The container's registrations.</param>
    /// <param name="key">The service key; its <see cref="object.ToString"/> names the flow's options.</param>
    /// <param name="factory">Creates the flow from the container and its options.</param>
    /// <returns>A builder for the flow's options.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/>'s text is empty.</exception>
    public static BatchFlowBuilder<TFlow> AddKeyedBatchFlow<TFlow>(this IServiceCollection services, object key, Func<IServiceProvider, BatchFlowOptions, TFlow> factory)
        where TFlow : class, IBatchFlow
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        var name = key.ToString();
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The key's text names the flow's options and must not be empty.", nameof(key));
        }

        var registry = AddFlowServices(services, name);
        var descriptor = ServiceDescriptor.KeyedSingleton(key, (sp, _) => registry.Track(CreateFlow(sp, name, factory)));
        registry.Own(descriptor);
        services.Add(descriptor);
        return new BatchFlowBuilder<TFlow>(name, services);
    }

    /// <summary>
    /// Registers the hosted lifetime alone (<see cref="AddBatchFlow{TFlow}"/> calls it; calling it again does nothing).
    /// When the host stops, after every other hosted service (the producers) has stopped, it completes every flow in the
    /// container within the host's <c>HostOptions.ShutdownTimeout</c>, however it was registered: through
    /// <see cref="AddBatchFlow{TFlow}"/>, or as a singleton instance or factory of its own type or of
    /// <see cref="IBatchFlow"/>, keyed or not. Rows not written by then go to the flow's dead-letter file or failure
    /// handler (<see cref="IBatchFlow.CompleteAsync(CancellationToken)"/>). A singleton that a factory of yours
    /// (<c>AddSingleton(sp =&gt; …)</c>) registers is created then if nothing created it before, and completes at once;
    /// flows registered with <see cref="AddBatchFlow{TFlow}"/> that were never created are left alone. Scoped and
    /// transient flows, and singletons registered under a type that is not a flow (<c>object</c>), are not found.
    /// </summary>
    /// <param name="services">The container's registrations.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddBatchFlowLifetime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = BatchFlowRegistry.GetOrAdd(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BatchFlowLifetime>(sp => new BatchFlowLifetime(registry, sp)));
        return services;
    }

    private static BatchFlowRegistry AddFlowServices(IServiceCollection services, string name)
    {
        services.AddBatchFlowLifetime();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchFlowOptions>, BatchFlowOptionsValidator>());
        services.AddOptions<BatchFlowOptions>(name)
            .PostConfigure<IServiceProvider>(static (options, sp) =>
            {
                options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
                options.MeterFactory ??= sp.GetService<IMeterFactory>();
            })
            .ValidateOnStart();
        return BatchFlowRegistry.GetOrAdd(services);
    }

    private static TFlow CreateFlow<TFlow>(IServiceProvider services, string name, Func<IServiceProvider, BatchFlowOptions, TFlow> factory)
        where TFlow : class, IBatchFlow
    {
        var options = services.GetRequiredService<IOptionsMonitor<BatchFlowOptions>>().Get(name);
        return factory(services, options)
            ?? throw new InvalidOperationException($"The factory registered for the flow '{name}' ({typeof(TFlow).Name}) returned null.");
    }
}
