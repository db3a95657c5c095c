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
        keyComparer: null,
        BenchmarkUserWriter.Instance);
}

/// <summary>The hand-written equivalent of the generated row writer for <see cref="BenchmarkUser"/>.</summary>
public sealed class BenchmarkUserWriter : IRowWriter<BenchmarkUser>
{
    public static BenchmarkUserWriter Instance { get; } = new();

    public void Write<TWriter>(in BenchmarkUser row, ref TWriter writer)
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
