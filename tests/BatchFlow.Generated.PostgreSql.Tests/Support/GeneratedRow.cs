using Npgsql;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>
/// A <c>[BatchTable]</c> record seen through what its generated <c>{Type}Flow</c> offers, so that one test body can
/// run over the record types that differ only in their conflict mode (the mode is part of the generated table).
/// </summary>
/// <typeparam name="TSelf">The record.</typeparam>
public interface IGeneratedRow<TSelf>
    where TSelf : IGeneratedRow<TSelf>
{
    /// <summary>The generated <c>{Type}Flow.Table</c>.</summary>
    static abstract TableDescription<TSelf> Table { get; }

    /// <summary>The generated <c>{Type}Flow.Postgres(dataSource, options)</c>.</summary>
    static abstract BatchFlow<TSelf> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null);
}
