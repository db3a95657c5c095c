using System.Runtime.CompilerServices;

namespace BatchFlow.Sqlite.Tests;

/// <summary>What a generated writer does, as a delegate, so each test states its row shape in one place.</summary>
internal delegate void BindRow<T>(in T row, ref SqliteRowBinder binder);

/// <summary>A row writer for the SQLite sink only: the delegate binds through <see cref="SqliteRowBinder"/> itself.</summary>
internal sealed class DelegateRowWriter<T>(BindRow<T> bind) : IRowWriter<T>
{
    public void Write<TWriter>(in T row, ref TWriter writer)
        where TWriter : struct, IColumnWriter
    {
        if (typeof(TWriter) != typeof(SqliteRowBinder))
        {
            throw new NotSupportedException($"This test writer binds through SqliteRowBinder only, not {typeof(TWriter)}.");
        }

        bind(in row, ref Unsafe.As<TWriter, SqliteRowBinder>(ref writer));
    }
}

internal sealed record User(long Id, string Name, string? Email, DateTime CreatedAt);

/// <summary>The hand-written equivalent of what the generator emits for <see cref="User"/>.</summary>
internal sealed class UserWriter : IRowWriter<User>
{
    public static UserWriter Instance { get; } = new();

    public void Write<TWriter>(in User row, ref TWriter writer)
        where TWriter : struct, IColumnWriter
    {
        writer.WriteInt64(row.Id);
        writer.WriteString(row.Name);
        if (row.Email is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteString(row.Email);
        }

        writer.WriteDateTime(row.CreatedAt);
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
        EqualityComparer<User>.Create((a, b) => a!.Id == b!.Id, u => u.Id.GetHashCode()),
        UserWriter.Instance);

    public static User[] Make(int count, int firstId = 1, string name = "user") =>
        Enumerable.Range(firstId, count)
            .Select(i => new User(i, $"{name}{i}", i % 3 == 0 ? null : $"{name}{i}@example.com", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)))
            .ToArray();
}

internal static class TableDescriptions
{
    /// <summary>The same table written by another row writer.</summary>
    public static TableDescription<T> WithWriter<T>(this TableDescription<T> table, IRowWriter<T> writer) =>
        new(table.Name, table.Conflict, table.Columns, table.KeyComparer, writer);
}

/// <summary>For table descriptions that only build SQL, or get their writer later through <see cref="TableDescriptions.WithWriter"/>.</summary>
internal sealed class NoRowWriter<T> : IRowWriter<T>
{
    public static NoRowWriter<T> Instance { get; } = new();

    public void Write<TWriter>(in T row, ref TWriter writer)
        where TWriter : struct, IColumnWriter =>
        throw new InvalidOperationException("This table description has no row writer; give it one with WithWriter.");
}
