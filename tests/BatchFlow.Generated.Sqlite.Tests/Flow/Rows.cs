using BatchFlow;

namespace BatchFlow.Sqlite.Tests.Flow;

public enum Mood : short
{
    Calm = 1,
    Cross = -2,
}

public enum Huge : ulong
{
    Zero = 0,
    Max = ulong.MaxValue,
}

[BatchTable("accounts")]
public partial record PlainAccount([BatchKey] long Id, string Name, long Balance);

[BatchTable("all_types", Conflict.Replace)]
public partial record AllTypes(
    [BatchKey] int Id,
    bool Flag, bool? FlagN,
    sbyte I8, sbyte? I8N, byte U8, byte? U8N,
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
    Mood Mood, Mood? MoodN,
    Huge Huge, Huge? HugeN);

/// <summary>A base record whose members are columns of the tables of the records deriving from it.</summary>
public abstract record AuditedRow([property: BatchColumn("row_id")] long Id)
{
    public string CreatedBy { get; init; } = "system";
}

[BatchTable("notes", Conflict.Replace)]
public partial record Note([BatchKey] long Id, string Text) : AuditedRow(Id);

[BatchTable("texts")]
public partial record TextRow([BatchKey] long Id, string Text, char Letter);
