using Npgsql;
using NpgsqlTypes;

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
public sealed record AllTypes(
    long Id,
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

/// <summary>One member of every supported type, each nullable.</summary>
public sealed record NullableTypes(
    long Id,
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
    Mood? Mood);

/// <summary>The generator's output for <see cref="AllTypes"/>, written by hand from docs/adr/0003's call table.</summary>
public sealed class AllTypesWriter : IPostgresRowWriter<AllTypes>
{
    public static AllTypesWriter Instance { get; } = new();

    public void Write(in AllTypes row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns)
    {
        importer.Write(row.Id, NpgsqlDbType.Bigint);
        importer.Write(row.Flag, NpgsqlDbType.Boolean);
        importer.Write((short)row.U8, NpgsqlDbType.Smallint);
        importer.Write((short)row.I8, NpgsqlDbType.Smallint);
        importer.Write(row.I16, NpgsqlDbType.Smallint);
        importer.Write((int)row.U16, NpgsqlDbType.Integer);
        importer.Write(row.I32, NpgsqlDbType.Integer);
        importer.Write((long)row.U32, NpgsqlDbType.Bigint);
        importer.Write(row.I64, NpgsqlDbType.Bigint);
        importer.Write((decimal)row.U64, NpgsqlDbType.Numeric);
        importer.Write(row.F32, NpgsqlDbType.Real);
        importer.Write(row.F64, NpgsqlDbType.Double);
        importer.Write(row.Money, NpgsqlDbType.Numeric);
        importer.Write(row.Text, NpgsqlDbType.Text);
        importer.Write(row.Letter, NpgsqlDbType.Char);
        importer.Write(row.Uid, NpgsqlDbType.Uuid);
        importer.Write(row.Local, columns[16]);
        importer.Write(row.Utc, columns[17]);
        importer.Write(row.Instant.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        importer.Write(row.Day, NpgsqlDbType.Date);
        importer.Write(row.Time, NpgsqlDbType.Time);
        importer.Write(row.Span, NpgsqlDbType.Interval);
        importer.Write(row.Blob, NpgsqlDbType.Bytea);
        importer.Write((int)row.Mood, NpgsqlDbType.Integer);
        importer.Write((short)row.Shade, NpgsqlDbType.Smallint);
        importer.Write((decimal)(ulong)row.Mask, NpgsqlDbType.Numeric);
    }
}

/// <summary>The generator's output for <see cref="NullableTypes"/>: <c>is { } v</c> then the same call, else WriteNull.</summary>
public sealed class NullableTypesWriter : IPostgresRowWriter<NullableTypes>
{
    public static NullableTypesWriter Instance { get; } = new();

    public void Write(in NullableTypes row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns)
    {
        importer.Write(row.Id, NpgsqlDbType.Bigint);
        if (row.Flag is { } flag) { importer.Write(flag, NpgsqlDbType.Boolean); } else { importer.WriteNull(); }
        if (row.U8 is { } u8) { importer.Write((short)u8, NpgsqlDbType.Smallint); } else { importer.WriteNull(); }
        if (row.I8 is { } i8) { importer.Write((short)i8, NpgsqlDbType.Smallint); } else { importer.WriteNull(); }
        if (row.I16 is { } i16) { importer.Write(i16, NpgsqlDbType.Smallint); } else { importer.WriteNull(); }
        if (row.U16 is { } u16) { importer.Write((int)u16, NpgsqlDbType.Integer); } else { importer.WriteNull(); }
        if (row.I32 is { } i32) { importer.Write(i32, NpgsqlDbType.Integer); } else { importer.WriteNull(); }
        if (row.U32 is { } u32) { importer.Write((long)u32, NpgsqlDbType.Bigint); } else { importer.WriteNull(); }
        if (row.I64 is { } i64) { importer.Write(i64, NpgsqlDbType.Bigint); } else { importer.WriteNull(); }
        if (row.U64 is { } u64) { importer.Write((decimal)u64, NpgsqlDbType.Numeric); } else { importer.WriteNull(); }
        if (row.F32 is { } f32) { importer.Write(f32, NpgsqlDbType.Real); } else { importer.WriteNull(); }
        if (row.F64 is { } f64) { importer.Write(f64, NpgsqlDbType.Double); } else { importer.WriteNull(); }
        if (row.Money is { } money) { importer.Write(money, NpgsqlDbType.Numeric); } else { importer.WriteNull(); }
        if (row.Text is { } text) { importer.Write(text, NpgsqlDbType.Text); } else { importer.WriteNull(); }
        if (row.Letter is { } letter) { importer.Write(letter, NpgsqlDbType.Char); } else { importer.WriteNull(); }
        if (row.Uid is { } uid) { importer.Write(uid, NpgsqlDbType.Uuid); } else { importer.WriteNull(); }
        if (row.Local is { } local) { importer.Write(local, columns[16]); } else { importer.WriteNull(); }
        if (row.Utc is { } utc) { importer.Write(utc, columns[17]); } else { importer.WriteNull(); }
        if (row.Instant is { } instant) { importer.Write(instant.ToUniversalTime(), NpgsqlDbType.TimestampTz); } else { importer.WriteNull(); }
        if (row.Day is { } day) { importer.Write(day, NpgsqlDbType.Date); } else { importer.WriteNull(); }
        if (row.Time is { } time) { importer.Write(time, NpgsqlDbType.Time); } else { importer.WriteNull(); }
        if (row.Span is { } span) { importer.Write(span, NpgsqlDbType.Interval); } else { importer.WriteNull(); }
        if (row.Blob is { } blob) { importer.Write(blob, NpgsqlDbType.Bytea); } else { importer.WriteNull(); }
        if (row.Mood is { } mood) { importer.Write((int)mood, NpgsqlDbType.Integer); } else { importer.WriteNull(); }
    }
}

public static class TypeTables
{
    /// <summary>(column, member, type, enum) in write order; the last three only exist on <see cref="AllTypes"/>.</summary>
    private static readonly (string Column, string Member, ColumnType Type, bool IsEnum)[] s_columns =
    [
        ("id", "Id", ColumnType.Int64, false),
        ("flag", "Flag", ColumnType.Boolean, false),
        ("u8", "U8", ColumnType.Byte, false),
        ("i8", "I8", ColumnType.SByte, false),
        ("i16", "I16", ColumnType.Int16, false),
        ("u16", "U16", ColumnType.UInt16, false),
        ("i32", "I32", ColumnType.Int32, false),
        ("u32", "U32", ColumnType.UInt32, false),
        ("i64", "I64", ColumnType.Int64, false),
        ("u64", "U64", ColumnType.UInt64, false),
        ("f32", "F32", ColumnType.Single, false),
        ("f64", "F64", ColumnType.Double, false),
        ("money", "Money", ColumnType.Decimal, false),
        ("text", "Text", ColumnType.String, false),
        ("letter", "Letter", ColumnType.Char, false),
        ("uid", "Uid", ColumnType.Guid, false),
        ("local", "Local", ColumnType.DateTime, false),
        ("utc", "Utc", ColumnType.DateTime, false),
        ("instant", "Instant", ColumnType.DateTimeOffset, false),
        ("day", "Day", ColumnType.DateOnly, false),
        ("time", "Time", ColumnType.TimeOnly, false),
        ("span", "Span", ColumnType.TimeSpan, false),
        ("blob", "Blob", ColumnType.Binary, false),
        ("mood", "Mood", ColumnType.Int32, true),
        ("shade", "Shade", ColumnType.Byte, true),
        ("mask", "Mask", ColumnType.UInt64, true),
    ];

    public static TableDescription<AllTypes> AllTypes(string name, Conflict conflict) =>
        new(name, conflict, Columns(s_columns.Length, nullable: false), EqualityComparer<AllTypes>.Create((x, y) => x?.Id == y?.Id, r => r.Id.GetHashCode()));

    public static TableDescription<NullableTypes> NullableTypes(string name, Conflict conflict) =>
        new(name, conflict, Columns(s_columns.Length - 2, nullable: true), EqualityComparer<NullableTypes>.Create((x, y) => x?.Id == y?.Id, r => r.Id.GetHashCode()));

    /// <summary>
    /// CREATE TABLE columns from <see cref="PostgresTypes.TypeName"/>, so the documented names are what the test
    /// declares; <c>utc</c> is the one DateTime column declared <c>timestamptz</c>.
    /// </summary>
    public static string Sql(int count, bool nullable) => string.Join(", ", s_columns.Take(count).Select(c =>
        $"{c.Column} {(c.Column == "utc" ? "timestamptz" : PostgresTypes.TypeName(c.Type))}{(c.Column == "id" ? " PRIMARY KEY" : nullable ? "" : " NOT NULL")}"));

    public static int AllTypesCount => s_columns.Length;

    public static int NullableTypesCount => s_columns.Length - 2;

    private static ColumnDescription[] Columns(int count, bool nullable) =>
        s_columns.Take(count)
            .Select(c => new ColumnDescription(c.Column, c.Member, c.Type, isNullable: nullable && c.Column != "id", isKey: c.Column == "id", isEnum: c.IsEnum))
            .ToArray();
}
