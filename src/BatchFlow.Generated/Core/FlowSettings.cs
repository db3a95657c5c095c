using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchFlow;

/// <summary>The options of one flow, validated, with the provider's defaults filled in.</summary>
internal sealed class FlowSettings
{
    private FlowSettings()
    {
    }

    public int Capacity { get; private init; }
    public int FlushSize { get; private init; }
    public TimeSpan LingerTime { get; private init; }
    public int MaxConcurrentFlushes { get; private init; }
    public int MaxAttempts { get; private init; }
    public TimeSpan RetryBaseDelay { get; private init; }
    public TimeSpan RetryMaxDelay { get; private init; }
    public TimeSpan FlushTimeout { get; private init; }
    public bool IsolateFailingRows { get; private init; }
    public TimeProvider Time { get; private init; } = TimeProvider.System;
    public ILogger Logger { get; private init; } = NullLogger.Instance;
    public FlowInstruments Instruments { get; private init; } = FlowInstruments.Shared;
    public string? DeadLetterDirectory { get; private init; }
    public TimeSpan ProcessExitTimeout { get; private init; }

    public static FlowSettings Resolve<T>(BatchFlowOptions? options, BatchSinkDefaults defaults, string table)
    {
        options ??= new BatchFlowOptions();
        if (options.GetType().IsGenericType && options is not BatchFlowOptions<T>)
        {
            throw new ArgumentException(
                $"The options are {options.GetType().Name}<{options.GetType().GetGenericArguments()[0].Name}>, but the flow for table '{table}' writes {typeof(T).Name} rows; use BatchFlowOptions<{typeof(T).Name}>.",
                nameof(options));
        }

        var flushSize = options.FlushSize ?? defaults.FlushSize;
        var settings = new FlowSettings
        {
            Capacity = options.Capacity,
            FlushSize = flushSize,
            LingerTime = options.LingerTime ?? defaults.LingerTime,
            MaxConcurrentFlushes = options.MaxConcurrentFlushes ?? (flushSize >= 1 ? defaults.ConcurrentFlushesFor(flushSize) : defaults.MaxConcurrentFlushes),
            MaxAttempts = options.MaxAttempts,
            RetryBaseDelay = options.RetryBaseDelay,
            RetryMaxDelay = options.RetryMaxDelay,
            FlushTimeout = options.FlushTimeout,
            IsolateFailingRows = options.IsolateFailingRows,
            Time = options.TimeProvider ?? throw new ArgumentException("BatchFlowOptions.TimeProvider must not be null.", nameof(options)),
            Logger = options.LoggerFactory?.CreateLogger(FlowLog.Category) ?? NullLogger.Instance,
            Instruments = FlowInstruments.For(options.MeterFactory),
            DeadLetterDirectory = string.IsNullOrWhiteSpace(options.DeadLetterDirectory) ? null : Path.GetFullPath(options.DeadLetterDirectory),
            ProcessExitTimeout = options.ProcessExitTimeout,
        };

        Check(settings.Capacity >= 1, nameof(BatchFlowOptions.Capacity), settings.Capacity, "at least 1");
        Check(settings.FlushSize >= 1, nameof(BatchFlowOptions.FlushSize), settings.FlushSize, "at least 1");
        Check(settings.LingerTime > TimeSpan.Zero, nameof(BatchFlowOptions.LingerTime), settings.LingerTime, "greater than zero");
        Check(settings.MaxConcurrentFlushes >= 1, nameof(BatchFlowOptions.MaxConcurrentFlushes), settings.MaxConcurrentFlushes, "at least 1");
        Check(settings.MaxAttempts >= 1, nameof(BatchFlowOptions.MaxAttempts), settings.MaxAttempts, "at least 1");
        Check(settings.RetryBaseDelay >= TimeSpan.Zero, nameof(BatchFlowOptions.RetryBaseDelay), settings.RetryBaseDelay, "zero or more");
        Check(settings.RetryMaxDelay >= settings.RetryBaseDelay, nameof(BatchFlowOptions.RetryMaxDelay), settings.RetryMaxDelay, "at least RetryBaseDelay");
        Check(settings.FlushTimeout > TimeSpan.Zero || settings.FlushTimeout == Timeout.InfiniteTimeSpan, nameof(BatchFlowOptions.FlushTimeout), settings.FlushTimeout, "greater than zero, or Timeout.InfiniteTimeSpan");
        Check(settings.ProcessExitTimeout >= TimeSpan.Zero, nameof(BatchFlowOptions.ProcessExitTimeout), settings.ProcessExitTimeout, "zero or more");
        return settings;
    }

    private static void Check(bool valid, string name, object value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException($"options.{name}", value, $"BatchFlowOptions.{name} must be {rule}.");
        }
    }
}
