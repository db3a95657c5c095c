namespace BatchFlow.PostgreSql.Tests.Support;

/// <summary>A row with one <see cref="DateTime"/>, for Kind checks against <c>timestamp</c> and <c>timestamptz</c> columns.</summary>
[BatchTable("events")]
public sealed partial record Event([BatchKey] long Id, DateTime At);

/// <summary><see cref="Event"/> written through the staging table and merge (<see cref="Conflict.Update"/>).</summary>
[BatchTable("events", Conflict.Update)]
public sealed partial record UpdateEvent([BatchKey] long Id, DateTime At);
