using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>A row with a composite key (org_id, user_name).</summary>
public sealed record Membership(int OrgId, string UserName, string Role);

public sealed class MembershipWriter : IPostgresRowWriter<Membership>
{
    public static MembershipWriter Instance { get; } = new();

    public void Write(in Membership row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns)
    {
        importer.Write(row.OrgId, NpgsqlDbType.Integer);
        importer.Write(row.UserName, NpgsqlDbType.Text);
        importer.Write(row.Role, NpgsqlDbType.Text);
    }
}

public static class Memberships
{
    public static TableDescription<Membership> Table(string name, Conflict conflict) => new(
        name,
        conflict,
        [
            new ColumnDescription("org_id", nameof(Membership.OrgId), ColumnType.Int32, isNullable: false, isKey: true),
            new ColumnDescription("user_name", nameof(Membership.UserName), ColumnType.String, isNullable: false, isKey: true),
            new ColumnDescription("role", nameof(Membership.Role), ColumnType.String, isNullable: false, isKey: false),
        ],
        EqualityComparer<Membership>.Create(
            (x, y) => x?.OrgId == y?.OrgId && x?.UserName == y?.UserName,
            m => HashCode.Combine(m.OrgId, m.UserName)));
}
