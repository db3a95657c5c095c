using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>A simple keyed row: <c>id bigint primary key, name text not null, score integer not null</c>.</summary>
public sealed record Account(long Id, string Name, int Score);

/// <summary>What the generator will emit for <see cref="Account"/>, written by hand.</summary>
public sealed class AccountWriter : IPostgresRowWriter<Account>
{
    public static AccountWriter Instance { get; } = new();

    public void Write(in Account row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns)
    {
        importer.Write(row.Id, NpgsqlDbType.Bigint);
        importer.Write(row.Name, NpgsqlDbType.Text);
        importer.Write(row.Score, NpgsqlDbType.Integer);
    }
}

public static class Accounts
{
    public const string Columns = "id bigint PRIMARY KEY, name text NOT NULL, score integer NOT NULL";

    public static TableDescription<Account> Table(string name, Conflict conflict) => new(
        name,
        conflict,
        [
            new ColumnDescription("id", nameof(Account.Id), ColumnType.Int64, isNullable: false, isKey: true),
            new ColumnDescription("name", nameof(Account.Name), ColumnType.String, isNullable: false, isKey: false),
            new ColumnDescription("score", nameof(Account.Score), ColumnType.Int32, isNullable: false, isKey: false),
        ],
        EqualityComparer<Account>.Create((x, y) => x?.Id == y?.Id, a => a.Id.GetHashCode()));

    public static BatchFlow<Account> Flow(TestTable table, Conflict conflict, BatchFlowOptions? options = null) =>
        new(new PostgresBatchSink<Account>(table.DataSource, Table(table.Name, conflict), AccountWriter.Instance), options);

    /// <summary>Every row of the table, by key.</summary>
    public static async Task<Dictionary<long, Account>> ReadAsync(TestTable table) =>
        (await table.QueryAsync($"SELECT id, name, score FROM {table.Quoted}", r => new Account(r.GetInt64(0), r.GetString(1), r.GetInt32(2))))
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
