using Npgsql;

namespace BatchFlow.Benchmarks;

/// <summary>The row of MEASUREMENTS.md: <c>users(id bigint primary key, name text, email text, created_at timestamp)</c>.</summary>
public sealed record PgUser(long Id, string Name, string? Email, DateTime CreatedAt);

/// <summary>What the generator emits for <see cref="PgUser"/>, written by hand.</summary>
public sealed class PgUserWriter : IRowWriter<PgUser>
{
    public static PgUserWriter Instance { get; } = new();

    public void Write<TWriter>(in PgUser row, ref TWriter writer)
        where TWriter : struct, IColumnWriter
    {
        writer.WriteInt64(row.Id);
        writer.WriteString(row.Name);
        if (row.Email is { } email)
        {
            writer.WriteString(email);
        }
        else
        {
            writer.WriteNull();
        }

        writer.WriteDateTime(row.CreatedAt);
    }
}

public static class PgBench
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("BATCHFLOW_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BATCHFLOW_POSTGRES is not set: source eng/postgres.sh first (it starts PostgreSQL and exports it).");

    public static TableDescription<PgUser> Table(string name, Conflict conflict) => new(
        name,
        conflict,
        [
            new ColumnDescription("id", nameof(PgUser.Id), ColumnType.Int64, isNullable: false, isKey: true),
            new ColumnDescription("name", nameof(PgUser.Name), ColumnType.String, isNullable: false, isKey: false),
            new ColumnDescription("email", nameof(PgUser.Email), ColumnType.String, isNullable: true, isKey: false),
            new ColumnDescription("created_at", nameof(PgUser.CreatedAt), ColumnType.DateTime, isNullable: false, isKey: false),
        ],
        new KeyComparer(),
        PgUserWriter.Instance);

    /// <summary>Rows with keys <c>start .. start + count - 1</c>; every fifth has no email.</summary>
    public static PgUser[] Rows(long start, int count, string tag)
    {
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var rows = new PgUser[count];
        for (var i = 0; i < count; i++)
        {
            var id = start + i;
            rows[i] = new PgUser(id, $"user {id} {tag}", id % 5 == 0 ? null : $"user{id}@example.com", created.AddSeconds(id));
        }

        return rows;
    }

    public static async Task RecreateAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand(
            $"DROP TABLE IF EXISTS \"{table}\"; CREATE TABLE \"{table}\" (id bigint PRIMARY KEY, name text NOT NULL, email text, created_at timestamp NOT NULL)");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task DropAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var command = dataSource.CreateCommand($"DROP TABLE IF EXISTS \"{table}\"");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Empties <paramref name="table"/> before an iteration (synchronous: BenchmarkDotNet's iteration setup).</summary>
    public static void Truncate(NpgsqlDataSource dataSource, string table)
    {
        using var command = dataSource.CreateCommand($"TRUNCATE \"{table}\"");
        command.ExecuteNonQuery();
    }

    /// <summary>Throws unless the iteration stored exactly <paramref name="expected"/> rows and none failed.</summary>
    public static void CheckStored(NpgsqlDataSource dataSource, string table, long expected, long failedRows)
    {
        using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{table}\"");
        var stored = (long)command.ExecuteScalar()!;
        if (stored != expected || failedRows != 0)
        {
            throw new InvalidOperationException($"The iteration stored {stored} of {expected} rows ({failedRows} failed).");
        }
    }

    private sealed class KeyComparer : IEqualityComparer<PgUser>
    {
        public bool Equals(PgUser? x, PgUser? y) => x?.Id == y?.Id;

        public int GetHashCode(PgUser obj) => obj.Id.GetHashCode();
    }
}
