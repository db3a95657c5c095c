using BatchFlow;

namespace CustomSink;

/// <summary>One line of <c>events.jsonl</c>; the generator emits <c>EventFlow</c>, with a <c>JsonLines</c> factory, from it.</summary>
/// <param name="Id">The event's identifier.</param>
/// <param name="Name">What happened.</param>
/// <param name="At">When it happened.</param>
/// <param name="Value">A measurement, when the event has one.</param>
[BatchTable("events")]
public partial record Event([BatchKey] long Id, string Name, DateTime At, double? Value);
