namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>String members bound for <c>jsonb</c>, <c>json</c> and <c>citext</c> columns (see <see cref="Documents.Columns"/>).</summary>
[BatchTable("documents")]
public sealed partial record Document([BatchKey] long Id, string Body, string? Meta, string Tag);

/// <summary><see cref="Document"/> written through the staging table and merge (<see cref="Conflict.Update"/>).</summary>
[BatchTable("documents", Conflict.Update)]
public sealed partial record UpdateDocument([BatchKey] long Id, string Body, string? Meta, string Tag);

public static class Documents
{
    /// <summary>citext lives in <c>public</c> (eng/postgres.sh creates it); the tests' search_path is their own schema.</summary>
    public const string Columns = "id bigint PRIMARY KEY, body jsonb NOT NULL, meta json, tag public.citext NOT NULL";
}
