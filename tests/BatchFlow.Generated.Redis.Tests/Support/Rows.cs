using StackExchange.Redis;

namespace BatchFlow.Redis.Tests.Support;

/// <summary>One record per conflict mode, seen through what its generated flow offers, so one test body covers them all.</summary>
public interface IPerson<TSelf>
    where TSelf : IPerson<TSelf>
{
    static abstract TableDescription<TSelf> Table { get; }

    static abstract BatchFlow<TSelf> RedisHash(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options);

    static abstract BatchFlow<TSelf> RedisJson(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options);

    static abstract TSelf New(long id, string? name, int? age);
}

[BatchTable("people")]
public partial record PersonNone([BatchKey] long Id, string? Name, int? Age) : IPerson<PersonNone>
{
    public static TableDescription<PersonNone> Table => PersonNoneFlow.Table;

    public static BatchFlow<PersonNone> RedisHash(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonNoneFlow.RedisHash(redis, keys, options);

    public static BatchFlow<PersonNone> RedisJson(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonNoneFlow.RedisJson(redis, keys, options);

    public static PersonNone New(long id, string? name, int? age) => new(id, name, age);
}

[BatchTable("people", Conflict.Ignore)]
public partial record PersonIgnore([BatchKey] long Id, string? Name, int? Age) : IPerson<PersonIgnore>
{
    public static TableDescription<PersonIgnore> Table => PersonIgnoreFlow.Table;

    public static BatchFlow<PersonIgnore> RedisHash(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonIgnoreFlow.RedisHash(redis, keys, options);

    public static BatchFlow<PersonIgnore> RedisJson(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonIgnoreFlow.RedisJson(redis, keys, options);

    public static PersonIgnore New(long id, string? name, int? age) => new(id, name, age);
}

[BatchTable("people", Conflict.Update)]
public partial record PersonUpdate([BatchKey] long Id, string? Name, int? Age) : IPerson<PersonUpdate>
{
    public static TableDescription<PersonUpdate> Table => PersonUpdateFlow.Table;

    public static BatchFlow<PersonUpdate> RedisHash(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonUpdateFlow.RedisHash(redis, keys, options);

    public static BatchFlow<PersonUpdate> RedisJson(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonUpdateFlow.RedisJson(redis, keys, options);

    public static PersonUpdate New(long id, string? name, int? age) => new(id, name, age);
}

[BatchTable("people", Conflict.Replace)]
public partial record PersonReplace([BatchKey] long Id, string? Name, int? Age) : IPerson<PersonReplace>
{
    public static TableDescription<PersonReplace> Table => PersonReplaceFlow.Table;

    public static BatchFlow<PersonReplace> RedisHash(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonReplaceFlow.RedisHash(redis, keys, options);

    public static BatchFlow<PersonReplace> RedisJson(IConnectionMultiplexer redis, RedisKeyOptions? keys, BatchFlowOptions? options) => PersonReplaceFlow.RedisJson(redis, keys, options);

    public static PersonReplace New(long id, string? name, int? age) => new(id, name, age);
}

/// <summary>A composite key of two types.</summary>
[BatchTable("visits", Conflict.Update)]
public partial record Visit([BatchKey] string Site, [BatchKey] Guid Visitor, [BatchKey] DateTime Day, int Count);

[BatchTable("unkeyed")]
public partial record Unkeyed(long Id, string Name);

[BatchTable("events")]
public partial record Event(long Id, string Kind, string? Note);

[BatchTable("events", Conflict.Update)]
public partial record UpsertEvent([BatchKey] long Id, string Kind);

public enum Shade : short
{
    Dark = -3,
    Light = 7,
}

/// <summary>Every member type the toolkit has, each in a nullable twin too.</summary>
[BatchTable("everything", Conflict.Replace)]
public partial record Everything(
    [BatchKey] long Id,
    bool Flag,
    byte U8,
    sbyte I8,
    short I16,
    ushort U16,
    int I32,
    uint U32,
    long I64,
    ulong U64,
    float F32,
    double F64,
    decimal Money,
    string Text,
    char Letter,
    Guid Token,
    DateTime At,
    DateTimeOffset AtOffset,
    DateOnly Day,
    TimeOnly Clock,
    TimeSpan Span,
    byte[] Blob,
    Shade Shade,
    int? MaybeInt,
    string? MaybeText,
    DateTime? MaybeAt,
    byte[]? MaybeBlob);

/// <summary>Every member type, each in a nullable twin, as an append-only row (the stream sink takes Conflict.None alone).</summary>
[BatchTable("everything_log")]
public partial record EverythingEntry(
    [BatchKey] long Id,
    bool Flag,
    byte U8,
    sbyte I8,
    short I16,
    ushort U16,
    int I32,
    uint U32,
    long I64,
    ulong U64,
    float F32,
    double F64,
    decimal Money,
    string Text,
    char Letter,
    Guid Token,
    DateTime At,
    DateTimeOffset AtOffset,
    DateOnly Day,
    TimeOnly Clock,
    TimeSpan Span,
    byte[] Blob,
    Shade Shade,
    bool? MaybeFlag,
    byte? MaybeU8,
    sbyte? MaybeI8,
    short? MaybeI16,
    ushort? MaybeU16,
    int? MaybeI32,
    uint? MaybeU32,
    long? MaybeI64,
    ulong? MaybeU64,
    float? MaybeF32,
    double? MaybeF64,
    decimal? MaybeMoney,
    string? MaybeText,
    char? MaybeLetter,
    Guid? MaybeToken,
    DateTime? MaybeAt,
    DateTimeOffset? MaybeAtOffset,
    DateOnly? MaybeDay,
    TimeOnly? MaybeClock,
    TimeSpan? MaybeSpan,
    byte[]? MaybeBlob,
    Shade? MaybeShade);

/// <summary>A composite key of text and an integer, and a sequence number per key to check the order.</summary>
[BatchTable("account_events")]
public partial record AccountEvent([BatchKey] string Account, [BatchKey] int Region, long Seq);

/// <summary>A single integer key.</summary>
[BatchTable("readings")]
public partial record Reading([BatchKey] long Sensor, double Value);

/// <summary>A row type the generator can write but not rebuild (a get-only property no constructor sets): no reader.</summary>
[BatchTable("unreadable")]
public partial class Unreadable
{
    public long Id { get; } = 1;
}
