using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WorkerService;

/// <summary>
/// The producer: submits readings at <see cref="WorkerSettings.RowsPerSecond"/> until the host stops, and stops the host
/// itself after <see cref="WorkerSettings.RunFor"/> (Ctrl+C or SIGTERM stop it sooner). It only submits: the hosting
/// package completes the flow once this service has stopped, so every accepted row is written.
/// </summary>
public sealed partial class SensorProducer(SensorEventFlow events, WorkerSettings settings, IHostApplicationLifetime lifetime, ILogger<SensorProducer> logger)
    : BackgroundService
{
    private static readonly string[] s_sensors = ["boiler", "intake", "exhaust", "pump-1", "pump-2"];

    /// <summary>Rows the flow has accepted from this producer.</summary>
    public long Submitted { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        const int TicksPerSecond = 20;
        var rowsPerTick = Math.Max(1, settings.RowsPerSecond / TicksPerSecond);
        var end = DateTime.UtcNow + settings.RunFor;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / TicksPerSecond));
        LogStarted(logger, settings.RowsPerSecond, settings.RunFor.TotalSeconds);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                for (var i = 0; i < rowsPerTick; i++)
                {
                    var id = Submitted + 1;
                    var reading = new SensorEvent(id, s_sensors[id % s_sensors.Length], 20 + Math.Sin(id / 500.0) * 5, DateTime.UtcNow);
                    await events.SubmitAsync(reading, stoppingToken);
                    Submitted = id;
                }

                if (DateTime.UtcNow >= end)
                {
                    LogDone(logger, Submitted);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogDone(logger, Submitted);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Submitting {RowsPerSecond} readings/s for {Seconds} s (Ctrl+C stops sooner).")]
    private static partial void LogStarted(ILogger logger, int rowsPerSecond, double seconds);

    [LoggerMessage(2, LogLevel.Information, "Producer done: {Rows} readings submitted; stopping the host.")]
    private static partial void LogDone(ILogger logger, long rows);
}
