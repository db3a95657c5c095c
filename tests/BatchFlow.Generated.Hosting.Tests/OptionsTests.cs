using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BatchFlow.Hosting.Tests;

/// <summary>Each flow's options: bound from configuration, validated when the host starts, filled from the container.</summary>
public sealed class OptionsTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task BindConfiguration_hands_the_configured_values_to_the_factory()
    {
        var deadLetters = Path.Combine(_database.Directory, "dead-letters");
        var builder = TestHost.CreateBuilder(configuration: new Dictionary<string, string?>
        {
            ["BatchFlow:Events:Capacity"] = "5000",
            ["BatchFlow:Events:FlushSize"] = "123",
            ["BatchFlow:Events:LingerTime"] = "00:00:02",
            ["BatchFlow:Events:maxConcurrentFlushes"] = "3",
            ["BatchFlow:Events:MaxAttempts"] = "7",
            ["BatchFlow:Events:RetryBaseDelay"] = "00:00:00.250",
            ["BatchFlow:Events:RetryMaxDelay"] = "00:00:10",
            ["BatchFlow:Events:FlushTimeout"] = "00:01:00",
            ["BatchFlow:Events:IsolateFailingRows"] = "false",
            ["BatchFlow:Events:DeadLetterDirectory"] = deadLetters,
            ["BatchFlow:Events:ProcessExitTimeout"] = "00:00:03",
        });
        BatchFlowOptions? seen = null;
        builder.Services.AddBatchFlow((_, options) =>
        {
            seen = options;
            return EventFlow.Sqlite(_database.ConnectionString, options);
        }).BindConfiguration("BatchFlow:Events");
        using var host = builder.Build();
        await host.StartAsync();

        var flow = host.Services.GetRequiredService<EventFlow>();
        Assert.NotNull(seen);
        Assert.Equal(5000, seen.Capacity);
        Assert.Equal(5000, flow.Capacity);
        Assert.Equal(123, seen.FlushSize);
        Assert.Equal(TimeSpan.FromSeconds(2), seen.LingerTime);
        Assert.Equal(3, seen.MaxConcurrentFlushes);
        Assert.Equal(7, seen.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), seen.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), seen.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), seen.FlushTimeout);
        Assert.False(seen.IsolateFailingRows);
        Assert.Equal(deadLetters, seen.DeadLetterDirectory);
        Assert.Equal(TimeSpan.FromSeconds(3), seen.ProcessExitTimeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task Configure_applies_after_BindConfiguration_and_keyed_options_are_named_by_the_key()
    {
        var builder = TestHost.CreateBuilder(configuration: new Dictionary<string, string?>
        {
            ["BatchFlow:Eu:FlushSize"] = "100",
            ["BatchFlow:Eu:Capacity"] = "200",
        });
        builder.Services.AddKeyedBatchFlow("eu", (_, options) => EventFlow.Sqlite(_database.ConnectionString, options))
            .BindConfiguration("BatchFlow:Eu")
            .Configure(o => o.FlushSize = 50);
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptionsMonitor<BatchFlowOptions>>().Get("eu");
        Assert.Equal(50, options.FlushSize);
        Assert.Equal(200, options.Capacity);
        Assert.Equal(200, host.Services.GetRequiredKeyedService<EventFlow>("eu").Capacity);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_invalid_capacity_fails_the_host_start_naming_the_option_and_the_flow()
    {
        var created = false;
        var builder = TestHost.CreateBuilder(configuration: new Dictionary<string, string?> { ["BatchFlow:Events:Capacity"] = "0" });
        builder.Services.AddBatchFlow((_, options) =>
        {
            created = true;
            return EventFlow.Sqlite(_database.ConnectionString, options);
        }).BindConfiguration("BatchFlow:Events");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Capacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("EventFlow", error.Message, StringComparison.Ordinal);
        Assert.Equal("EventFlow", error.OptionsName);
        Assert.False(created);
    }

    [Theory]
    [InlineData("Capcity", "100", "BatchFlow:Events:Capcity")]
    [InlineData("FlushSize", "many", "'many' at 'BatchFlow:Events:FlushSize'")]
    [InlineData("LingerTime", "soon", "'soon' at 'BatchFlow:Events:LingerTime'")]
    [InlineData("IsolateFailingRows", "perhaps", "'perhaps' at 'BatchFlow:Events:IsolateFailingRows'")]
    public async Task A_misspelt_key_or_a_value_that_does_not_parse_fails_the_host_start_naming_it(string key, string value, string expected)
    {
        var builder = TestHost.CreateBuilder(configuration: new Dictionary<string, string?> { ["BatchFlow:Events:" + key] = value });
        builder.Services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).BindConfiguration("BatchFlow:Events");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("EventFlow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_factory_gets_the_hosts_logger_and_meter_factories()
    {
        BatchFlowOptions? seen = null;
        var builder = TestHost.CreateBuilder();
        builder.Services.AddBatchFlow((_, options) =>
        {
            seen = options;
            return EventFlow.Sqlite(_database.ConnectionString, options);
        });
        using var host = builder.Build();
        await host.StartAsync();

        host.Services.GetRequiredService<EventFlow>();
        Assert.NotNull(seen);
        Assert.Same(host.Services.GetRequiredService<ILoggerFactory>(), seen.LoggerFactory);
        Assert.Same(host.Services.GetRequiredService<IMeterFactory>(), seen.MeterFactory);
        await host.StopAsync();
    }
}
