using BatchFlow;

namespace WorkerService;

/// <summary>One reading of a sensor; the generator emits <c>SensorEventFlow</c> for it.</summary>
[BatchTable("events", Conflict.Ignore)]
public partial record SensorEvent([BatchKey] long Id, string Sensor, double Value, DateTime RecordedAt);
