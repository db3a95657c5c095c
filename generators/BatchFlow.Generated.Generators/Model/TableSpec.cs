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
internal sealed record TableSpec(
    string? Namespace,
    string TypeName,
    string FullyQualifiedTypeName,
    bool IsValueType,
    bool IsPublic,
    string TableName,
    ConflictMode Conflict,
    EquatableArray<ColumnSpec> Columns)
{
    public string FlowName => TypeName + "Flow";

    public string HintName => Namespace is null ? $"{TypeName}.BatchFlow.g.cs" : $"{Namespace}.{TypeName}.BatchFlow.g.cs";

    public bool HasKey => Columns.Any(static c => c.IsKey);
}
