using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay;

/// <summary>Registers a relay as a hosted service.</summary>
public static class RedisStreamRelayServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="RedisStreamRelay{T}"/> (a singleton) and the hosted service that runs it. The connection is the
    /// container's <see cref="IConnectionMultiplexer"/>; the logger comes from its <see cref="ILoggerFactory"/>, if any.
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="streamKey">The stream key the producers were given.</param>
    /// <param name="target">Picks the flow the rows are written through, for example <c>sp =&gt; sp.GetRequiredService&lt;UserFlow&gt;()</c>.</param>
    /// <param name="configure">Sets the relay's options; null for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddRedisStreamRelay<T>(
        this IServiceCollection services,
        string streamKey,
        Func<IServiceProvider, BatchFlow<T>> target,
        Action<RedisStreamRelayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(streamKey);
        ArgumentNullException.ThrowIfNull(target);
        services.AddSingleton(sp =>
        {
            var options = new RedisStreamRelayOptions();
            configure?.Invoke(options);
            return new RedisStreamRelay<T>(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                streamKey,
                target(sp),
                options,
                sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(RedisStreamRelay<T>).FullName!));
        });
        services.AddHostedService(sp => new RedisStreamRelayService<T>(sp.GetRequiredService<RedisStreamRelay<T>>()));
        return services;
    }
}
