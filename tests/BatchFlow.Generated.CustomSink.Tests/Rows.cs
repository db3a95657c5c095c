using BatchFlow;

namespace CustomSink.Tests;

public enum Mood : short
{
    Calm = 1,
    Cross = -2,
}

/// <summary>Every member type the generator supports, to check how each is written.</summary>
[BatchTable("all_types")]
public partial record AllTypes(
    [BatchKey] int Id,
    bool Flag,
    byte U8, sbyte I8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64,
    float F32, double F64, decimal Money,
    string Text, char Letter, Guid Uuid,
    DateTime At, DateTimeOffset AtOffset, DateOnly Day, TimeOnly Time, TimeSpan Span,
    byte[] Bytes, Mood Mood, int? Missing);

/// <summary>A table that asks for upserts, which an append-only file cannot do.</summary>
[BatchTable("upserts", Conflict.Update)]
public partial record Upsert([BatchKey] long Id, string Name);
