namespace BatchFlow.Generators.Model;

/// <summary>Which provider packages the compilation references, found by their row-writer interfaces.</summary>
internal sealed record ProviderEnvironment(bool HasSqlite, bool HasPostgres, bool HasMySql, bool HasRedis);
