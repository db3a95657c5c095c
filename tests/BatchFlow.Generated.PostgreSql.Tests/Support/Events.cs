using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>A row with one <see cref="DateTime"/>, for Kind checks against <c>timestamp</c> and <c>timestamptz</c> columns.</summary>
public sealed record Event(long Id, DateTime At);

public sealed class EventWriter : IPostgresRowWriter<Event>
{
    public static EventWriter Instance { get; } = new();

    public void Write(in Event row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns)
    {
        importer.Write(row.Id, NpgsqlDbType.Bigint);
        importer.Write(row.At, columns[1]);
    }
}

public static class Events
{
    public static TableDescription<Event> Table(string name, Conflict conflict) => new(
        name,
        conflict,
        [
            new ColumnDescription("id", nameof(Event.Id), ColumnType.Int64, isNullable: false, isKey: true),
            new ColumnDescription("at", nameof(Event.At), ColumnType.DateTime, isNullable: false, isKey: false),
        ],
        EqualityComparer<Event>.Create((x, y) => x?.Id == y?.Id, e => e.Id.GetHashCode()));
}
