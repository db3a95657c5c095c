namespace BatchFlow.Tool.Tests.Support;

/// <summary>
/// The servers eng/servers.sh starts, by the connection strings it exports. A missing variable fails the test: the
/// integration tests never skip silently.
/// </summary>
public static class Servers
{
    public static string Postgres => Get("BATCHFLOW_POSTGRES", "eng/postgres.sh");

    public static string MySql => Get("BATCHFLOW_MYSQL", "eng/mariadb.sh");

    /// <summary>A fresh name, so that tests side by side never share a schema, database or table.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string Get(string variable, string script) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. These tests need the server: run them through eng/test.sh, or `source {script}` first.");
}
