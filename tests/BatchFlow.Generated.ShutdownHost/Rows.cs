namespace BatchFlow.ShutdownHost;

/// <summary>
/// The rows the host writes as fast as it can. The table has no unique constraint on <c>id</c> (see
/// <see cref="ShutdownSchema"/>), so a row stored twice shows as a second row: the tests count <c>id</c> and
/// <c>DISTINCT id</c> to prove every accepted row is stored exactly once.
/// </summary>
[BatchTable("shutdown_users")]
public sealed partial record ShutdownUser([BatchKey] long Id, string Name, DateTime CreatedAt);

/// <summary>
/// The rows of the second flow (<c>--second-flow-fails</c>): their table says <c>note NOT NULL</c> and the host always
/// leaves <see cref="Note"/> null, so every row fails for good. That flow has no failure handler.
/// </summary>
[BatchTable("shutdown_rejects")]
public sealed partial record ShutdownReject([BatchKey] long Id, string? Note, DateTime CreatedAt);
