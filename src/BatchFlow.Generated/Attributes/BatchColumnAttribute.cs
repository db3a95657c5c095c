namespace BatchFlow;

/// <summary>Gives a member a column name other than the default (the snake_case of the member name).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class BatchColumnAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The column name, unquoted; each provider quotes it for its dialect.</param>
    public BatchColumnAttribute(string name) => Name = name;

    /// <summary>The column name, unquoted.</summary>
    public string Name { get; }
}
