using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are never reused: a retired rule keeps its number. Each has a page
/// at <c>docs/diagnostics/BFGnnn.md</c> with a wrong example and the fix.
/// </summary>
internal static class DiagnosticDescriptors
{
    // The release-tracking analyzers read IDs and help links from each constructor call, so they are constants there.
    private const string Category = "BatchFlow";
    private const string HelpLink = "https://github.com/batchflow/BatchFlow.Generated/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        "BFG001",
        "Batch table type must be partial",
        "The type '{0}' is marked [BatchTable] but is not declared partial; add the partial modifier to its declaration",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG001.md");

    public static readonly DiagnosticDescriptor UnsupportedMemberType = new(
        "BFG002",
        "Member type is not supported",
        "Member '{0}' has type '{1}', which no column type matches; use a supported type or mark the member [BatchIgnore]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG002.md");

    public static readonly DiagnosticDescriptor ConflictWithoutKey = new(
        "BFG003",
        "Conflict mode needs a key",
        "Table '{0}' uses Conflict.{1} but no member is marked [BatchKey]; mark the key members [BatchKey] or use Conflict.None",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG003.md");

    public static readonly DiagnosticDescriptor DuplicateColumnName = new(
        "BFG004",
        "Two members map to the same column",
        "Members '{0}' and '{1}' both map to column '{2}' (databases compare column names without case); rename one with [BatchColumn] or mark it [BatchIgnore]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG004.md");

    public static readonly DiagnosticDescriptor InvalidTableName = new(
        "BFG005",
        "Invalid table name",
        "Table name '{0}' is invalid: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG005.md");

    public static readonly DiagnosticDescriptor InvalidColumnName = new(
        "BFG006",
        "Invalid column name",
        "Column name '{0}' of member '{1}' is invalid: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG006.md");

    public static readonly DiagnosticDescriptor NoColumns = new(
        "BFG007",
        "Batch table type has no columns",
        "The type '{0}' has no columns; give it at least one public or internal instance property or field that is not [BatchIgnore]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG007.md");

    public static readonly DiagnosticDescriptor UpdateWithoutNonKeyColumn = new(
        "BFG008",
        "Conflict.Update has nothing to update",
        "Table '{0}' uses Conflict.Update but every column is part of the key, so there is nothing to update; use Conflict.Ignore or add a column that is not [BatchKey]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG008.md");

    public static readonly DiagnosticDescriptor IgnoredKey = new(
        "BFG009",
        "An ignored member cannot be a key",
        "Member '{0}' is marked both [BatchKey] and [BatchIgnore]; a key column has to be written, so remove one of the two attributes",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG009.md");

    public static readonly DiagnosticDescriptor NestedOrGenericType = new(
        "BFG010",
        "Nested, generic or file-local type cannot get a flow",
        "The type '{0}' is {1}, so no flow class can be generated for it; declare [BatchTable] types as non-generic, non-file-local types directly in a namespace",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG010.md");

    public static readonly DiagnosticDescriptor MemberNotReadable = new(
        "BFG011",
        "Mapped member is not readable",
        "Member '{0}' is marked [{1}] but generated code cannot read it; give it a public or internal getter, or remove the attribute",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG011.md");

    public static readonly DiagnosticDescriptor UnknownConflictMode = new(
        "BFG012",
        "Unknown conflict mode",
        "Table '{0}' uses conflict mode {1}, which is not a Conflict value; use Conflict.None, Conflict.Ignore, Conflict.Update or Conflict.Replace",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG012.md");
}
