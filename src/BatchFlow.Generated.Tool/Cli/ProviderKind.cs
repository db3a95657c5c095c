namespace BatchFlow.Tool.Cli;

/// <summary>The databases the tool reads, by the name <c>--provider</c> takes and snapshots record.</summary>
internal enum ProviderKind
{
    /// <summary><c>sqlite</c>: a database file, or DDL applied to an in-memory database.</summary>
    Sqlite,

    /// <summary><c>postgres</c> (also <c>postgresql</c>): a PostgreSQL server.</summary>
    Postgres,

    /// <summary><c>mysql</c> (also <c>mariadb</c>): a MySQL or MariaDB server.</summary>
    MySql,
}

/// <summary>Provider names as the command line takes them and as snapshots write them.</summary>
internal static class ProviderNames
{
    /// <summary>The names <c>--provider</c> accepts, as help and errors list them.</summary>
    public const string Accepted = "sqlite, postgres or mysql";

    /// <summary>Parses a <c>--provider</c> value (case-insensitive; <c>postgresql</c> and <c>mariadb</c> are aliases).</summary>
    public static bool TryParse(string value, out ProviderKind provider)
    {
        switch (value.ToLowerInvariant())
        {
            case "sqlite":
                provider = ProviderKind.Sqlite;
                return true;
            case "postgres" or "postgresql":
                provider = ProviderKind.Postgres;
                return true;
            case "mysql" or "mariadb":
                provider = ProviderKind.MySql;
                return true;
            default:
                provider = default;
                return false;
        }
    }

    /// <summary>The name a snapshot's <c>provider</c> line carries for <paramref name="provider"/>.</summary>
    public static string SnapshotName(ProviderKind provider) => provider switch
    {
        ProviderKind.Sqlite => "sqlite",
        ProviderKind.Postgres => "postgres",
        ProviderKind.MySql => "mysql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "not a provider the tool knows"),
    };
}
