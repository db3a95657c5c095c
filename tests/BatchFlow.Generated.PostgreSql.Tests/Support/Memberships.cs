using Npgsql;

namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>A row of <c>memberships</c>, whose key is composite: (org_id, user_name). One record per upsert mode.</summary>
public interface IMembership<TSelf> : IGeneratedRow<TSelf>
    where TSelf : IMembership<TSelf>
{
    int OrgId { get; }

    string UserName { get; }

    string Role { get; }

    static abstract TSelf New(int orgId, string userName, string role);
}

[BatchTable("memberships", Conflict.Ignore)]
public sealed partial record IgnoreMembership([BatchKey] int OrgId, [BatchKey] string UserName, string Role) : IMembership<IgnoreMembership>
{
    public static TableDescription<IgnoreMembership> Table => IgnoreMembershipFlow.Table;

    public static IgnoreMembership New(int orgId, string userName, string role) => new(orgId, userName, role);

    public static BatchFlow<IgnoreMembership> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => IgnoreMembershipFlow.Postgres(dataSource, options);
}

[BatchTable("memberships", Conflict.Update)]
public sealed partial record UpdateMembership([BatchKey] int OrgId, [BatchKey] string UserName, string Role) : IMembership<UpdateMembership>
{
    public static TableDescription<UpdateMembership> Table => UpdateMembershipFlow.Table;

    public static UpdateMembership New(int orgId, string userName, string role) => new(orgId, userName, role);

    public static BatchFlow<UpdateMembership> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => UpdateMembershipFlow.Postgres(dataSource, options);
}

[BatchTable("memberships", Conflict.Replace)]
public sealed partial record ReplaceMembership([BatchKey] int OrgId, [BatchKey] string UserName, string Role) : IMembership<ReplaceMembership>
{
    public static TableDescription<ReplaceMembership> Table => ReplaceMembershipFlow.Table;

    public static ReplaceMembership New(int orgId, string userName, string role) => new(orgId, userName, role);

    public static BatchFlow<ReplaceMembership> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => ReplaceMembershipFlow.Postgres(dataSource, options);
}
