namespace BatchFlow.Redis.Relay.Tests.Support;

/// <summary>A keyed row, upserted: producers append it to streams, relays write it to PostgreSQL.</summary>
[BatchTable("relay_accounts", Conflict.Update)]
public sealed partial record RelayAccount([BatchKey] long Id, string Name, int Score);

/// <summary>The same table, inserted only: a relay refuses it.</summary>
[BatchTable("relay_accounts")]
public sealed partial record InsertedAccount([BatchKey] long Id, string Name, int Score);
