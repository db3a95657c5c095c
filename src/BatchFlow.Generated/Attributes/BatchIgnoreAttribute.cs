namespace BatchFlow;

/// <summary>Excludes a member from the table: it is neither written nor part of the key.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class BatchIgnoreAttribute : Attribute
{
}
