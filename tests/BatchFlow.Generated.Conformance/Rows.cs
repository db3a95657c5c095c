namespace BatchFlow.Conformance;

/// <summary>An account row with a conflict mode per record type; the same three columns each time.</summary>
public interface IAccountRow<TSelf>
    where TSelf : IAccountRow<TSelf>
{
    static abstract TableDescription<TSelf> Table { get; }

    long Id { get; }

    string Name { get; }

    int Score { get; }

    static abstract TSelf New(long id, string name, int score);
}

[BatchTable("conf_accounts")]
public partial record PlainAccount([BatchKey] long Id, string Name, int Score) : IAccountRow<PlainAccount>
{
    public static TableDescription<PlainAccount> Table => PlainAccountFlow.Table;

    public static PlainAccount New(long id, string name, int score) => new(id, name, score);
}

[BatchTable("conf_accounts", Conflict.Ignore)]
public partial record IgnoreAccount([BatchKey] long Id, string Name, int Score) : IAccountRow<IgnoreAccount>
{
    public static TableDescription<IgnoreAccount> Table => IgnoreAccountFlow.Table;

    public static IgnoreAccount New(long id, string name, int score) => new(id, name, score);
}

[BatchTable("conf_accounts", Conflict.Update)]
public partial record UpdateAccount([BatchKey] long Id, string Name, int Score) : IAccountRow<UpdateAccount>
{
    public static TableDescription<UpdateAccount> Table => UpdateAccountFlow.Table;

    public static UpdateAccount New(long id, string name, int score) => new(id, name, score);
}

[BatchTable("conf_accounts", Conflict.Replace)]
public partial record ReplaceAccount([BatchKey] long Id, string Name, int Score) : IAccountRow<ReplaceAccount>
{
    public static TableDescription<ReplaceAccount> Table => ReplaceAccountFlow.Table;

    public static ReplaceAccount New(long id, string name, int score) => new(id, name, score);
}

/// <summary>A row keyed by two columns.</summary>
public interface IMembershipRow<TSelf>
    where TSelf : IMembershipRow<TSelf>
{
    static abstract TableDescription<TSelf> Table { get; }

    static abstract TSelf New(long tenant, string member, string role);
}

[BatchTable("conf_members", Conflict.Ignore)]
public partial record IgnoreMembership([BatchKey] long Tenant, [BatchKey] string Member, string Role) : IMembershipRow<IgnoreMembership>
{
    public static TableDescription<IgnoreMembership> Table => IgnoreMembershipFlow.Table;

    public static IgnoreMembership New(long tenant, string member, string role) => new(tenant, member, role);
}

[BatchTable("conf_members", Conflict.Update)]
public partial record UpdateMembership([BatchKey] long Tenant, [BatchKey] string Member, string Role) : IMembershipRow<UpdateMembership>
{
    public static TableDescription<UpdateMembership> Table => UpdateMembershipFlow.Table;

    public static UpdateMembership New(long tenant, string member, string role) => new(tenant, member, role);
}

[BatchTable("conf_members", Conflict.Replace)]
public partial record ReplaceMembership([BatchKey] long Tenant, [BatchKey] string Member, string Role) : IMembershipRow<ReplaceMembership>
{
    public static TableDescription<ReplaceMembership> Table => ReplaceMembershipFlow.Table;

    public static ReplaceMembership New(long tenant, string member, string role) => new(tenant, member, role);
}

public enum Level : short
{
    Low = -1,
    High = short.MaxValue,
}

public enum Bits : ulong
{
    None = 0,
    Top = 1UL << 63,
}

/// <summary>Every supported member type, once not nullable and once nullable.</summary>
[BatchTable("conf_types")]
public partial record TypeRow(
    [BatchKey] int Id,
    bool Flag, bool? FlagN,
    byte U8, byte? U8N, sbyte I8, sbyte? I8N,
    short I16, short? I16N, ushort U16, ushort? U16N,
    int I32, int? I32N, uint U32, uint? U32N,
    long I64, long? I64N, ulong U64, ulong? U64N,
    float F32, float? F32N, double F64, double? F64N,
    decimal Money, decimal? MoneyN,
    string Text, string? TextN,
    char Letter, char? LetterN,
    Guid Uuid, Guid? UuidN,
    DateTime At, DateTime? AtN,
    DateTimeOffset AtOffset, DateTimeOffset? AtOffsetN,
    DateOnly Day, DateOnly? DayN,
    TimeOnly Time, TimeOnly? TimeN,
    TimeSpan Span, TimeSpan? SpanN,
    byte[] Bytes, byte[]? BytesN,
    Level Level, Level? LevelN,
    Bits Bits, Bits? BitsN);
