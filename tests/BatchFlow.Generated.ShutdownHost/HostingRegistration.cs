using BatchFlow.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BatchFlow.ShutdownHost;

/// <summary>The hosting package's registration (<c>--registration hosting</c>), as its README shows it.</summary>
internal static class HostingRegistration
{
    public static void Add(IServiceCollection services, HostSettings settings, Flows flows)
    {
        if (settings.Database == Database.Postgres)
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(settings.Connection));
        }

        // The options come validated, with the host's logger and meter factories; Flows copies them and adds its own.
        services.AddBatchFlow((sp, options) => flows.Users(sp.GetService<NpgsqlDataSource>(), options));
        if (settings.SecondFlowFails)
        {
            services.AddBatchFlow((sp, options) => flows.Rejects(sp.GetService<NpgsqlDataSource>(), options));
        }
    }
}
