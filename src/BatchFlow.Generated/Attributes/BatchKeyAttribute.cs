namespace BatchFlow;

/// <summary>
/// Marks a member as part of the conflict target (the primary key or a unique key). Several members may carry it;
/// they form a composite key in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class BatchKeyAttribute : Attribute
{
}
