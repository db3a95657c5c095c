using System.Linq;

namespace BatchFlow.Generators.Model;

/// <summary>Everything the emitter needs to write the flow of one <c>[BatchTable]</c> type.</summary>
/// <param name="Namespace">The type's namespace, or null for the global namespace.</param>
/// <param name="TypeName">The type's name as declared.</param>
/// <param name="FullyQualifiedTypeName">The type, <c>global::</c>-qualified.</param>
/// <param name="IsValueType">Whether the type is a struct (a record struct): it cannot be null.</param>
/// <param name="IsPublic">Whether the type is public; the flow gets the same accessibility.</param>
/// <param name="TableName">The table name, unquoted and already validated.</param>
/// <param name="Conflict">The conflict mode.</param>
/// <param name="Columns">The columns in write order.</param>
/// <param name="HasReader">Whether a row reader can rebuild the type from its columns; when not, none is emitted.</param>
/// <param name="ConstructorArguments">
/// What the row reader passes to the constructor it calls, in parameter order: the index of the column whose value a
/// parameter takes, or -1 for a parameter that is no column (it gets <c>default</c>). Empty for a parameterless constructor.
/// </param>
internal sealed record TableSpec(
    string? Namespace,
    string TypeName,
    string FullyQualifiedTypeName,
    bool IsValueType,
    bool IsPublic,
    string TableName,
    ConflictMode Conflict,
    EquatableArray<ColumnSpec> Columns,
    bool HasReader = false,
    EquatableArray<int> ConstructorArguments = default)
{
    public string FlowName => TypeName + "Flow";

    public string HintName => Namespace is null ? $"{TypeName}.BatchFlow.g.cs" : $"{Namespace}.{TypeName}.BatchFlow.g.cs";

    public bool HasKey => Columns.Any(static c => c.IsKey);
}
