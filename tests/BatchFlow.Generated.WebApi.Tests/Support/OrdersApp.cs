using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebApi;

namespace BatchFlow.WebApi.Tests.Support;

/// <summary>
/// The sample in process, configured through settings as a deployment would be (the database's connection string, the
/// flow's options under <c>BatchFlow:Orders</c>), with a fake clock in the container: the flow's linger time never
/// passes, so only a full batch (its <c>FlushSize</c>) is written, and a test decides exactly which requests share one.
/// </summary>
public sealed class OrdersApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>The clock of the app's flow and of its order stamps; it moves only if a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The flow the app writes orders through.</summary>
    public OrderFlow Flow => Services.GetRequiredService<OrderFlow>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // A linger time the fake clock never reaches: size alone cuts batches.
        builder.UseSetting("BatchFlow:Orders:LingerTime", "01:00:00");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
