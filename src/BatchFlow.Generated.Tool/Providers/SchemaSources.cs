using BatchFlow.Tool.Cli;

namespace BatchFlow.Tool.Providers;

/// <summary>Reads the schema the options name, through the provider's own catalog reader (the code its sink runs).</summary>
internal static class SchemaSources
{
    public static async Task<SchemaSnapshot> ReadAsync(PullOptions options, TextWriter err, CancellationToken ct)
    {
        var ddl = await DdlFile.ReadAllAsync(options.DdlFiles, ct);
        return options.Provider switch
        {
            ProviderKind.Sqlite => await SqliteSource.ReadAsync(options, ddl, ct),
            ProviderKind.Postgres => await PostgresSource.ReadAsync(options, ddl, err, ct),
            ProviderKind.MySql => await MySqlSource.ReadAsync(options, ddl, err, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "not a provider the tool knows"),
        };
    }
}
