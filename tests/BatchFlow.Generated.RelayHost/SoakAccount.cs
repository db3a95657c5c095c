namespace BatchFlow.RelayHost;

/// <summary>
/// The soak row: each key is written in versions 1 and 2 by one producer, so its last value is known. Poison rows
/// carry a negative score, which the table's CHECK refuses.
/// </summary>
[BatchTable("soak_accounts", Conflict.Update)]
public sealed partial record SoakAccount([BatchKey] long Id, int Version, int Score);
