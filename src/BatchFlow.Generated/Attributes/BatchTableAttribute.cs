namespace BatchFlow;

/// <summary>
/// Marks a <c>partial</c> record, class or record struct as a row of a database table. The source generator emits
/// a typed <c>{Type}Flow</c> class beside it, with one factory per referenced provider package.
/// </summary>
/// <example>
/// <code>
/// [BatchTable("users", Conflict.Ignore)]
/// public partial record User([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class BatchTableAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The table name, unquoted; each provider quotes it for its dialect.</param>
    /// <param name="conflict">What a write does when a key already exists. Anything but <see cref="Conflict.None"/> needs a <see cref="BatchKeyAttribute"/>.</param>
    public BatchTableAttribute(string name, Conflict conflict = Conflict.None)
    {
        Name = name;
        Conflict = conflict;
    }

    /// <summary>The table name, unquoted.</summary>
    public string Name { get; }

    /// <summary>What a write does when a key already exists.</summary>
    public Conflict Conflict { get; }
}
