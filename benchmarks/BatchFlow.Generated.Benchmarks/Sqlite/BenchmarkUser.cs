using BatchFlow.Sqlite;

namespace BatchFlow.Benchmarks.Sqlite;

/// <summary>The row of the SQLite benchmarks: the shape of MEASUREMENTS.md's users table.</summary>
public sealed record BenchmarkUser(long Id, string Name, string? Email, DateTime CreatedAt)
{
    /// <summary>What the generator would emit for this type.</summary>
    public static TableDescription<BenchmarkUser> Table { get; } = new(
        "users",
        Conflict.None,
        [
            new ColumnDescription("id", nameof(Id), ColumnType.Int64, isNullable: false, isKey: true),
            new ColumnDescription("name", nameof(Name), ColumnType.String, isNullable: false, isKey: false),
            new ColumnDescription("email", nameof(Email), ColumnType.String, isNullable: true, isKey: false),
            new ColumnDescription("created_at", nameof(CreatedAt), ColumnType.DateTime, isNullable: false, isKey: false),
        ],
        keyComparer: null);
}

/// <summary>The hand-written equivalent of the generated SQLite writer for <see cref="BenchmarkUser"/>.</summary>
public sealed class BenchmarkUserWriter : ISqliteRowWriter<BenchmarkUser>
{
    public static BenchmarkUserWriter Instance { get; } = new();

    public void Write(in BenchmarkUser row, ref SqliteRowBinder binder)
    {
        binder.WriteInt64(row.Id);
        binder.WriteString(row.Name);
        binder.WriteString(row.Email);
        binder.WriteDateTime(row.CreatedAt);
    }
}
