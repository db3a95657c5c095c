using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace WorkerService;

/// <summary>
/// The worker's own settings (section <c>Worker</c>), read by hand: the reflection-based configuration binder is not
/// trim or AOT safe.
/// </summary>
public sealed record WorkerSettings(TimeSpan RunFor, int RowsPerSecond)
{
    public static WorkerSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Worker");
        return new WorkerSettings(
            TimeSpan.Parse(section["RunFor"] ?? "00:00:05", CultureInfo.InvariantCulture),
            int.Parse(section["RowsPerSecond"] ?? "5000", CultureInfo.InvariantCulture));
    }
}
