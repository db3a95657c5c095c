using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchFlow.Hosting;

/// <summary>
/// Completes every flow of the container when the host stops. It does so in <see cref="StoppedAsync"/>, the last stage
/// of a host's stop, after every hosted service (the producers) has stopped, with the host's shutdown timeout as the
/// deadline: what is not written by then goes to each flow's dead-letter file or failure handler, and the flows are
/// done before the container disposes them (which then never throws, and has nothing left to wait for).
/// </summary>
internal sealed class BatchFlowLifetime : IHostedLifecycleService
{
    private readonly BatchFlowRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;

    public BatchFlowLifetime(BatchFlowRegistry registry, IServiceProvider services)
    {
        _registry = registry;
        _services = services;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger(HostingLog.Category) ?? NullLogger.Instance;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Completes every flow, in parallel, until <paramref name="cancellationToken"/> (the shutdown timeout); never throws.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var flows = FindFlows();
        if (flows.Count == 0)
        {
            return;
        }

        HostingLog.Completing(_logger, flows.Count);
        var pending = flows.Count;
        using var deadline = cancellationToken.Register(() =>
        {
            var left = Volatile.Read(ref pending);
            if (left > 0)
            {
                HostingLog.DeadlineReached(_logger, left);
            }
        });

        await Task.WhenAll(flows.Select(async flow =>
        {
            await CompleteAsync(flow, cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref pending);
        })).ConfigureAwait(false);
    }

    private List<IBatchFlow> FindFlows()
    {
        var errors = new List<FlowResolutionError>();
        var flows = new HashSet<IBatchFlow>(_registry.Created, ReferenceEqualityComparer.Instance);

        // This package's own registrations that nobody resolved have no flow: creating one only to complete it is waste.
        foreach (var found in FlowDiscovery.Find(_registry.Services, _services, _registry.IsOwn, errors))
        {
            flows.Add(found.Flow);
        }

        foreach (var error in errors)
        {
            HostingLog.ResolveFailed(_logger, error.Exception, error.ServiceType.FullName ?? error.ServiceType.Name, error.Key?.ToString() ?? "none");
        }

        return [.. flows];
    }

    private async Task CompleteAsync(IBatchFlow flow, CancellationToken deadline)
    {
        Exception? failure = null;
        try
        {
            await flow.CompleteAsync(deadline).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One flow's failure must not stop the others, nor the host's stop: it is logged, and in Completion.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        try
        {
            var status = flow.GetStatus();
            if (failure is null)
            {
                HostingLog.Completed(_logger, flow.TableName, flow.ProviderName, status.Accepted, status.Written, status.Deduplicated, status.Failed, status.DeadLettered);
            }
            else
            {
                HostingLog.CompletedWithFailure(_logger, failure, flow.TableName, flow.ProviderName, status.Accepted, status.Written, status.Deduplicated, status.Failed, status.DeadLettered);
            }
        }
#pragma warning disable CA1031 // A third party's flow whose status throws: the stop goes on, and says so.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            HostingLog.StatusFailed(_logger, failure is null ? exception : new AggregateException(failure, exception), flow.GetType().FullName ?? flow.GetType().Name);
        }
    }
}
