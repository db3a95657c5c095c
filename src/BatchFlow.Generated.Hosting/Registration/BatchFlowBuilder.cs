using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting;

/// <summary>
/// Configures the options of one flow registered with
/// <see cref="BatchFlowServiceCollectionExtensions.AddBatchFlow{TFlow}"/> or
/// <see cref="BatchFlowServiceCollectionExtensions.AddKeyedBatchFlow{TFlow}"/>. Steps apply in the order they are
/// added; the options are validated when the host starts.
/// </summary>
/// <typeparam name="TFlow">The flow type.</typeparam>
public sealed class BatchFlowBuilder<TFlow>
    where TFlow : class, IBatchFlow
{
    internal BatchFlowBuilder(string name, IServiceCollection services)
    {
        Name = name;
        Services = services;
    }

    /// <summary>The name of the flow's <see cref="BatchFlowOptions"/> (<c>IOptionsMonitor&lt;BatchFlowOptions&gt;.Get(Name)</c>).</summary>
    public string Name { get; }

    /// <summary>The container's registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Reads the options from the configuration section at <paramref name="sectionPath"/> (e.g.
    /// <c>BatchFlow:Users</c>) of the container's <see cref="IConfiguration"/>, whose keys are option names:
    /// <c>Capacity</c>, <c>FlushSize</c>, <c>LingerTime</c>, <c>MaxConcurrentFlushes</c>, <c>MaxAttempts</c>,
    /// <c>RetryBaseDelay</c>, <c>RetryMaxDelay</c>, <c>FlushTimeout</c>, <c>IsolateFailingRows</c>,
    /// <c>DeadLetterDirectory</c> and <c>ProcessExitTimeout</c>; times are written <c>hh:mm:ss</c> (<c>00:00:01</c>).
    /// Read without the reflection-based binder, so it is trim and AOT safe. A key that is not one of these, or a value
    /// that does not parse, fails the host's start with a message naming the key.
    /// </summary>
    /// <param name="sectionPath">The section's path, with <c>:</c> between levels.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="sectionPath"/> is null or empty.</exception>
    public BatchFlowBuilder<TFlow> BindConfiguration(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionPath);
        var name = Name;
        Services.AddSingleton<IConfigureOptions<BatchFlowOptions>>(sp => new ConfigurationBinding(name, sectionPath, sp.GetRequiredService<IConfiguration>()));
        return this;
    }

    /// <summary>Sets options in code, e.g. <c>o =&gt; o.FlushSize = 5_000</c>.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is null.</exception>
    public BatchFlowBuilder<TFlow> Configure(Action<BatchFlowOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(Name, configure);
        return this;
    }
}
