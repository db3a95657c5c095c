using Npgsql;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>A table and columns whose names need quoting: a double quote, a space and capitals.</summary>
public interface IOddlyNamed<TSelf> : IGeneratedRow<TSelf>
    where TSelf : IOddlyNamed<TSelf>
{
    static abstract TSelf New(long id, string name);
}

[BatchTable("We\"ird Table")]
public sealed partial record OddlyNamed([BatchKey, BatchColumn("Id")] long Id, [BatchColumn("the \"name\"")] string Name) : IOddlyNamed<OddlyNamed>
{
    public static TableDescription<OddlyNamed> Table => OddlyNamedFlow.Table;

    public static OddlyNamed New(long id, string name) => new(id, name);

    public static BatchFlow<OddlyNamed> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => OddlyNamedFlow.Postgres(dataSource, options);
}

[BatchTable("We\"ird Table", Conflict.Update)]
public sealed partial record UpdateOddlyNamed([BatchKey, BatchColumn("Id")] long Id, [BatchColumn("the \"name\"")] string Name) : IOddlyNamed<UpdateOddlyNamed>
{
    public static TableDescription<UpdateOddlyNamed> Table => UpdateOddlyNamedFlow.Table;

    public static UpdateOddlyNamed New(long id, string name) => new(id, name);

    public static BatchFlow<UpdateOddlyNamed> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => UpdateOddlyNamedFlow.Postgres(dataSource, options);
}
