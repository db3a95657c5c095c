using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WorkerService;

/// <summary>Logs the flow's health check once a second, as a readiness probe would read it.</summary>
public sealed partial class HealthReporter(HealthCheckService health, ILogger<HealthReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var report = await health.CheckHealthAsync(stoppingToken);
                foreach (var (name, entry) in report.Entries)
                {
                    LogHealth(logger, name, entry.Status, entry.Description);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Health of {Check}: {Status}. {Description}")]
    private static partial void LogHealth(ILogger logger, string check, HealthStatus status, string? description);
}
