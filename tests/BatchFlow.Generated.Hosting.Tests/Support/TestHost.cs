using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchFlow.Hosting.Tests;

/// <summary>Real in-process hosts, as a Worker Service builds them, with their logs captured instead of printed.</summary>
public static class TestHost
{
    public static HostApplicationBuilder CreateBuilder(CapturingLoggerProvider? logs = null, IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        return builder;
    }

    /// <summary>Options under which a flow writes nothing before it completes: every row waits for the host's stop.</summary>
    public static void HoldRows(BatchFlowOptions options)
    {
        options.FlushSize = 1_000_000;
        options.Capacity = 1_000_000;
        options.LingerTime = TimeSpan.FromHours(1);
    }

    public static BatchFlowOptions HoldingRows()
    {
        var options = new BatchFlowOptions();
        HoldRows(options);
        return options;
    }
}
