using BatchFlow.Conformance;

namespace BatchFlow.MySql.Tests.Support;

/// <summary>Tests that kill the server's connections or restart it run alone: no other test of this project runs meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerControl
{
    public const string Name = "server control";

    /// <summary>
    /// Stops the server and starts it again through eng/mariadb.sh (<c>bf_mariadb_stop</c>, <c>bf_mariadb_start</c>:
    /// mariadb-admin shutdown, then mysqld_safe, each bounded at 60 s). Needs the local server eng/mariadb.sh started,
    /// and root (as CI runs).
    /// </summary>
    public static async Task RestartAsync(TimeSpan down)
    {
        await RunAsync("bf_mariadb_stop");
        await Task.Delay(down);
        await RunAsync("bf_mariadb_start");
    }

    private static Task RunAsync(string function) => EngScript.RunAsync("mariadb.sh", function);
}
