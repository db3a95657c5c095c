namespace BatchFlow.Sqlite.Tests;

/// <summary>What a generated writer does, as a delegate, so each test states its row shape in one place.</summary>
internal delegate void BindRow<T>(in T row, ref SqliteRowBinder binder);

internal sealed class DelegateRowWriter<T>(BindRow<T> bind) : ISqliteRowWriter<T>
{
    public void Write(in T row, ref SqliteRowBinder binder) => bind(in row, ref binder);
}

internal sealed record User(long Id, string Name, string? Email, DateTime CreatedAt);

/// <summary>The hand-written equivalent of what the generator emits for <see cref="User"/>.</summary>
internal sealed class UserWriter : ISqliteRowWriter<User>
{
    public static UserWriter Instance { get; } = new();

    public void Write(in User row, ref SqliteRowBinder binder)
    {
        binder.WriteInt64(row.Id);
        binder.WriteString(row.Name);
        if (row.Email is null)
        {
            binder.WriteNull();
        }
        else
        {
            binder.WriteString(row.Email);
        }

        binder.WriteDateTime(row.CreatedAt);
    }
}

internal static class Users
{
    public const string CreateTable =
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL, note TEXT DEFAULT 'default')";

    public static TableDescription<User> Table(Conflict conflict = Conflict.None, string name = "users") => new(
        name,
        conflict,
        [
            new ColumnDescription("id", nameof(User.Id), ColumnType.Int64, isNullable: false, isKey: true),
            new ColumnDescription("name", nameof(User.Name), ColumnType.String, isNullable: false, isKey: false),
            new ColumnDescription("email", nameof(User.Email), ColumnType.String, isNullable: true, isKey: false),
            new ColumnDescription("created_at", nameof(User.CreatedAt), ColumnType.DateTime, isNullable: false, isKey: false),
        ],
        EqualityComparer<User>.Create((a, b) => a!.Id == b!.Id, u => u.Id.GetHashCode()));

    public static User[] Make(int count, int firstId = 1, string name = "user") =>
        Enumerable.Range(firstId, count)
            .Select(i => new User(i, $"{name}{i}", i % 3 == 0 ? null : $"{name}{i}@example.com", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)))
            .ToArray();
}
