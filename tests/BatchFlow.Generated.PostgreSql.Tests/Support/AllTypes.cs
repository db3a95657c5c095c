using Npgsql;

namespace BatchFlow.PostgreSql.Tests.Support;

public enum Mood
{
    Sad = -1,
    Calm = 0,
    Happy = 2,
}

public enum Shade : byte
{
    None = 0,
    Full = 255,
}

public enum Mask : ulong
{
    None = 0,
    All = ulong.MaxValue,
}

/// <summary>One member of every supported type, none nullable.</summary>
[BatchTable("all_types")]
public sealed partial record AllTypes(
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
    Guid Uid,
    DateTime Local,
    DateTime Utc,
    DateTimeOffset Instant,
    DateOnly Day,
    TimeOnly Time,
    TimeSpan Span,
    byte[] Blob,
    Mood Mood,
    Shade Shade,
    Mask Mask);

/// <summary>
/// <see cref="NullableTypes"/>' values as a record with a generated flow: <see cref="NullableTypes"/> itself, and
/// the same members written with another conflict mode.
/// </summary>
public interface INullableTypes<TSelf> : IGeneratedRow<TSelf>
    where TSelf : INullableTypes<TSelf>
{
    static abstract TSelf From(NullableTypes values);
}

/// <summary>One member of every supported type, each nullable.</summary>
[BatchTable("nullable_types")]
public sealed partial record NullableTypes(
    [BatchKey] long Id,
    bool? Flag,
    byte? U8,
    sbyte? I8,
    short? I16,
    ushort? U16,
    int? I32,
    uint? U32,
    long? I64,
    ulong? U64,
    float? F32,
    double? F64,
    decimal? Money,
    string? Text,
    char? Letter,
    Guid? Uid,
    DateTime? Local,
    DateTime? Utc,
    DateTimeOffset? Instant,
    DateOnly? Day,
    TimeOnly? Time,
    TimeSpan? Span,
    byte[]? Blob,
    Mood? Mood,
    Shade? Shade,
    Mask? Mask) : INullableTypes<NullableTypes>
{
    public static TableDescription<NullableTypes> Table => NullableTypesFlow.Table;

    public static NullableTypes From(NullableTypes values) => values;

    public static BatchFlow<NullableTypes> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => NullableTypesFlow.Postgres(dataSource, options);
}

/// <summary>The members of <see cref="NullableTypes"/>, written through the staging table and merge (<see cref="Conflict.Update"/>).</summary>
[BatchTable("nullable_types", Conflict.Update)]
public sealed partial record UpdateNullableTypes(
    [BatchKey] long Id,
    bool? Flag,
    byte? U8,
    sbyte? I8,
    short? I16,
    ushort? U16,
    int? I32,
    uint? U32,
    long? I64,
    ulong? U64,
    float? F32,
    double? F64,
    decimal? Money,
    string? Text,
    char? Letter,
    Guid? Uid,
    DateTime? Local,
    DateTime? Utc,
    DateTimeOffset? Instant,
    DateOnly? Day,
    TimeOnly? Time,
    TimeSpan? Span,
    byte[]? Blob,
    Mood? Mood,
    Shade? Shade,
    Mask? Mask) : INullableTypes<UpdateNullableTypes>
{
    public static TableDescription<UpdateNullableTypes> Table => UpdateNullableTypesFlow.Table;

    public static UpdateNullableTypes From(NullableTypes values) => new(
        values.Id, values.Flag, values.U8, values.I8, values.I16, values.U16, values.I32, values.U32, values.I64, values.U64,
        values.F32, values.F64, values.Money, values.Text, values.Letter, values.Uid, values.Local, values.Utc, values.Instant,
        values.Day, values.Time, values.Span, values.Blob, values.Mood, values.Shade, values.Mask);

    public static BatchFlow<UpdateNullableTypes> Postgres(NpgsqlDataSource dataSource, BatchFlowOptions? options = null) => UpdateNullableTypesFlow.Postgres(dataSource, options);
}

public static class TypeTables
{
    /// <summary>
    /// CREATE TABLE columns for <paramref name="table"/>'s generated columns, typed with <see cref="PostgresTypes.TypeName"/>
    /// so that the documented names are what the test declares; <c>utc</c> is the one DateTime column declared
    /// <c>timestamptz</c>.
    /// </summary>
    public static string Sql<T>(TableDescription<T> table, bool nullable) => string.Join(", ", table.Columns.Select(c =>
        $"{c.Name} {(c.Name == "utc" ? "timestamptz" : PostgresTypes.TypeName(c.Type))}{(c.IsKey ? " PRIMARY KEY" : nullable ? "" : " NOT NULL")}"));
}
