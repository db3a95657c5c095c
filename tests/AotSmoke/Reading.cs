using BatchFlow;

namespace AotSmoke;

public enum Sensor
{
    Thermometer = 1,
    Barometer = 2,
}

/// <summary>A row with one member of most supported kinds, written with upserts (the staging path on PostgreSQL).</summary>
[BatchTable("aot_readings", Conflict.Update)]
public partial record Reading(
    [BatchKey] long Id,
    string Name,
    string? Note,
    double Value,
    decimal Amount,
    bool Active,
    Guid Token,
    DateTimeOffset TakenAt,
    Sensor Sensor,
    byte[]? Payload);

/// <summary>A plain insert (binary COPY straight into the table on PostgreSQL).</summary>
[BatchTable("aot_events")]
public partial record Event([BatchKey] int Id, string Kind, DateOnly Day);
