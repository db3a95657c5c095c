using Microsoft.Extensions.Hosting;

namespace BatchFlow.Redis.Relay;

/// <summary>
/// Runs a <see cref="RedisStreamRelay{T}"/> for the lifetime of a host (registered by
/// <see cref="RedisStreamRelayServiceCollectionExtensions.AddRedisStreamRelay{T}"/>). On the host's stop the relay stops
/// at once: the chunks in hand stay pending and are written by the next holder of their partitions.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RedisStreamRelayService<T> : BackgroundService
{
    /// <summary>Creates the service over a relay.</summary>
    /// <param name="relay">The relay to run.</param>
    public RedisStreamRelayService(RedisStreamRelay<T> relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        Relay = relay;
    }

    /// <summary>The relay the service runs.</summary>
    public RedisStreamRelay<T> Relay { get; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Relay.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
