using BatchFlow;

namespace QuickStart;

/// <summary>One row of the <c>users</c> table; the generator emits <c>UserFlow</c> from it.</summary>
[BatchTable("users", Conflict.Ignore)]
public partial record User([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
