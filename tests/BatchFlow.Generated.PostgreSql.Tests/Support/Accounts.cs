using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>
/// A keyed row of <c>accounts (id bigint primary key, name text not null, score integer not null)</c>: one record per
/// conflict mode, each written through its generated flow.
/// </summary>
public interface IAccount<TSelf> : IGeneratedRow<TSelf>
    where TSelf : IAccount<TSelf>
{
    long Id { get; }

    string Name { get; }

    int Score { get; }

    static abstract TSelf New(long id, string name, int score);
}

[BatchTable("accounts")]
public sealed partial record Account([BatchKey] long Id, string Name, int Score) : IAccount<Account>
{
    public static TableDescription<Account> Table => AccountFlow.Table;

    public static Account New(long id, string name, int score) => new(id, name, score);

    public static BatchFlow<Account> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => AccountFlow.Postgres(dataSource, options);
}

[BatchTable("accounts", Conflict.Ignore)]
public sealed partial record IgnoreAccount([BatchKey] long Id, string Name, int Score) : IAccount<IgnoreAccount>
{
    public static TableDescription<IgnoreAccount> Table => IgnoreAccountFlow.Table;

    public static IgnoreAccount New(long id, string name, int score) => new(id, name, score);

    public static BatchFlow<IgnoreAccount> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => IgnoreAccountFlow.Postgres(dataSource, options);
}

[BatchTable("accounts", Conflict.Update)]
public sealed partial record UpdateAccount([BatchKey] long Id, string Name, int Score) : IAccount<UpdateAccount>
{
    public static TableDescription<UpdateAccount> Table => UpdateAccountFlow.Table;

    public static UpdateAccount New(long id, string name, int score) => new(id, name, score);

    public static BatchFlow<UpdateAccount> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => UpdateAccountFlow.Postgres(dataSource, options);
}

[BatchTable("accounts", Conflict.Replace)]
public sealed partial record ReplaceAccount([BatchKey] long Id, string Name, int Score) : IAccount<ReplaceAccount>
{
    public static TableDescription<ReplaceAccount> Table => ReplaceAccountFlow.Table;

    public static ReplaceAccount New(long id, string name, int score) => new(id, name, score);

    public static BatchFlow<ReplaceAccount> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => ReplaceAccountFlow.Postgres(dataSource, options);
}

/// <summary>
/// Every account record writes table <c>accounts</c>, and a flow's metrics are tagged with its table's name: the test
/// classes that write it run one after another, so that a test's metrics never count another test's rows.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AccountsCollection
{
    public const string Name = "accounts";
}

public static class Accounts
{
    public const string Columns = "id bigint PRIMARY KEY, name text NOT NULL, score integer NOT NULL";

    /// <summary>Creates <c>accounts</c> with <paramref name="columns"/> in a schema of the test's own.</summary>
    public static Task<TestTable> CreateTableAsync(string columns = Columns) => TestTable.CreateAsync(AccountFlow.Table.Name, columns);

    /// <summary>The generated flow of <typeparamref name="T"/> over the table.</summary>
    public static BatchFlow<T> Flow<T>(TestTable table, BatchFlowOptions? options = null)
        where T : IAccount<T> => T.Postgres(table.DataSource, options);

    /// <summary>The rows as <typeparamref name="T"/>.</summary>
    public static T[] Rows<T>(IEnumerable<(long Id, string Name, int Score)> rows)
        where T : IAccount<T> => [.. rows.Select(r => T.New(r.Id, r.Name, r.Score))];

    /// <summary>
    /// A sink over <see cref="AccountFlow.Table"/>'s columns, key and generated writer with another name or conflict
    /// mode: for tests of the sink alone.
    /// </summary>
    public static PostgresBatchSink<Account> RawSink(NpgsqlDataSource dataSource, Conflict conflict, string? name = null) =>
        new(dataSource, new TableDescription<Account>(name ?? AccountFlow.Table.Name, conflict, AccountFlow.Table.Columns, AccountFlow.Table.KeyComparer, AccountFlow.Table.Writer));

    /// <summary>Every row of the table, by key.</summary>
    public static async Task<Dictionary<long, T>> ReadAsync<T>(TestTable table)
        where T : IAccount<T> =>
        (await table.QueryAsync($"SELECT id, name, score FROM {table.Quoted}", r => T.New(r.GetInt64(0), r.GetString(1), r.GetInt32(2))))
            .ToDictionary(a => a.Id);
}

/// <summary>Collects what reaches a flow's failure handler.</summary>
public sealed class FailureLog<T>
{
    private readonly List<BatchFailure<T>> _failures = [];

    public IReadOnlyList<BatchFailure<T>> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public IEnumerable<T> Rows => Failures.SelectMany(f => f.Rows);

    public BatchFlowOptions<T> Options(int flushSize = 1_000, TimeSpan? linger = null, int? maxConcurrentFlushes = null) => new()
    {
        FlushSize = flushSize,
        LingerTime = linger ?? TimeSpan.FromMinutes(1),
        MaxConcurrentFlushes = maxConcurrentFlushes,
        OnFailure = failure =>
        {
            lock (_failures)
            {
                _failures.Add(failure);
            }

            return ValueTask.CompletedTask;
        },
    };
}
