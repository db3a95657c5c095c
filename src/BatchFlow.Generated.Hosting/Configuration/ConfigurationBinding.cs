using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting;

/// <summary>
/// Reads one flow's <see cref="BatchFlowOptions"/> from a configuration section whose keys are the option names
/// (<c>Capacity</c>, <c>FlushSize</c>, <c>LingerTime</c> as <c>00:00:01</c>, …), by hand rather than through the
/// reflection-based configuration binder, so that binding stays trim and AOT safe. Values are read with the invariant
/// culture, as the binder reads them; an empty value leaves a setting as it is (a nullable one becomes null, its
/// provider's default). A key that is not a setting, or a value that does not parse, throws an
/// <see cref="InvalidOperationException"/> naming the key: a misspelt option must not be ignored silently.
/// </summary>
internal sealed class ConfigurationBinding : IConfigureNamedOptions<BatchFlowOptions>
{
    private static readonly Dictionary<string, Action<BatchFlowOptions, Value>> s_settings = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(BatchFlowOptions.Capacity)] = static (o, v) => o.Capacity = v.Int32() ?? o.Capacity,
        [nameof(BatchFlowOptions.FlushSize)] = static (o, v) => o.FlushSize = v.Int32(),
        [nameof(BatchFlowOptions.LingerTime)] = static (o, v) => o.LingerTime = v.TimeSpan(),
        [nameof(BatchFlowOptions.MaxConcurrentFlushes)] = static (o, v) => o.MaxConcurrentFlushes = v.Int32(),
        [nameof(BatchFlowOptions.MaxAttempts)] = static (o, v) => o.MaxAttempts = v.Int32() ?? o.MaxAttempts,
        [nameof(BatchFlowOptions.RetryBaseDelay)] = static (o, v) => o.RetryBaseDelay = v.TimeSpan() ?? o.RetryBaseDelay,
        [nameof(BatchFlowOptions.RetryMaxDelay)] = static (o, v) => o.RetryMaxDelay = v.TimeSpan() ?? o.RetryMaxDelay,
        [nameof(BatchFlowOptions.FlushTimeout)] = static (o, v) => o.FlushTimeout = v.TimeSpan() ?? o.FlushTimeout,
        [nameof(BatchFlowOptions.IsolateFailingRows)] = static (o, v) => o.IsolateFailingRows = v.Boolean() ?? o.IsolateFailingRows,
        [nameof(BatchFlowOptions.DeadLetterDirectory)] = static (o, v) => o.DeadLetterDirectory = v.Text,
        [nameof(BatchFlowOptions.ProcessExitTimeout)] = static (o, v) => o.ProcessExitTimeout = v.TimeSpan() ?? o.ProcessExitTimeout,
    };

    private readonly string _name;
    private readonly string _sectionPath;
    private readonly IConfiguration _configuration;

    public ConfigurationBinding(string name, string sectionPath, IConfiguration configuration)
    {
        _name = name;
        _sectionPath = sectionPath;
        _configuration = configuration;
    }

    public void Configure(BatchFlowOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, BatchFlowOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var entry in _configuration.GetSection(_sectionPath).GetChildren())
        {
            if (!s_settings.TryGetValue(entry.Key, out var set))
            {
                throw new InvalidOperationException(
                    $"The configuration key '{entry.Path}' of flow '{_name}' is not a BatchFlowOptions setting; the settings read from configuration are {string.Join(", ", s_settings.Keys)}.");
            }

            if (entry.Value is null)
            {
                if (entry.GetChildren().Any())
                {
                    throw new InvalidOperationException($"The configuration key '{entry.Path}' of flow '{_name}' must hold a value, not a section.");
                }

                continue;
            }

            set(options, new Value(entry.Path, entry.Value, _name));
        }
    }

    /// <summary>One configuration value and where it came from, for the error when it does not parse.</summary>
    private readonly record struct Value(string Path, string Raw, string Flow)
    {
        public string? Text => Raw.Length == 0 ? null : Raw;

        public int? Int32() =>
            Raw.Length == 0 ? null
            : int.TryParse(Raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw Invalid("a whole number");

        public TimeSpan? TimeSpan() =>
            Raw.Length == 0 ? null
            : System.TimeSpan.TryParse(Raw, CultureInfo.InvariantCulture, out var value) ? value
            : throw Invalid("a time span such as 00:00:01 (hh:mm:ss)");

        public bool? Boolean() =>
            Raw.Length == 0 ? null
            : bool.TryParse(Raw, out var value) ? value
            : throw Invalid("true or false");

        private InvalidOperationException Invalid(string expected) =>
            new($"The configuration value '{Raw}' at '{Path}' of flow '{Flow}' is not {expected}.");
    }
}
