namespace BatchFlow.Benchmarks.Redis;

/// <summary><see cref="Rows.UserRow"/>'s columns with <see cref="Conflict.Replace"/>, for the hash flow's delete-and-write script.</summary>
[BatchTable("users", Conflict.Replace)]
public sealed partial record ReplacedUserRow([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
