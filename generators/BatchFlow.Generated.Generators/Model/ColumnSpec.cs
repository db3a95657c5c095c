namespace BatchFlow.Generators.Model;

/// <summary>One column of a table, read from one member of the row type.</summary>
/// <param name="ColumnName">The column name, unquoted and already validated.</param>
/// <param name="MemberName">The member's name as declared (not escaped).</param>
/// <param name="MemberTypeName">The member's type, <c>global::</c>-qualified, with <c>?</c> when it is nullable.</param>
/// <param name="Kind">The column type; for an enum, its underlying integer type.</param>
/// <param name="IsNullable">Whether the member can hold null (a <c>Nullable&lt;T&gt;</c> or a reference type not annotated as non-null).</param>
/// <param name="IsNullableValueType">Whether the member is a <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsKey">Whether the member carries <c>[BatchKey]</c>.</param>
/// <param name="IsEnum">Whether the member is an enum written as its integer value.</param>
/// <param name="IsSetInInitializer">
/// Whether the row reader assigns the member in its object initializer: the member is no parameter of the constructor
/// the reader calls, or a parameter of that name may not be what the member holds (a derived record passing it on).
/// </param>
internal sealed record ColumnSpec(
    string ColumnName,
    string MemberName,
    string MemberTypeName,
    ColumnKind Kind,
    bool IsNullable,
    bool IsNullableValueType,
    bool IsKey,
    bool IsEnum,
    bool IsSetInInitializer = false);
