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

    // BFG013–BFG021: the record checked against a schema snapshot (docs/schema-snapshot.md); reported only when the
    // project has one.
    public static readonly DiagnosticDescriptor TableNotInSnapshot = new(
        "BFG013",
        "Table is not in the schema snapshot",
        "Table '{0}' is not in the schema snapshot {1}{2}; create it and pull the snapshot again, or fix the name",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG013.md");

    public static readonly DiagnosticDescriptor ColumnNotInTable = new(
        "BFG014",
        "Column is not in the table",
        "Member '{0}' writes column '{1}', which table '{2}' does not have (schema snapshot {3}); rename it with [BatchColumn], add the column, or mark the member [BatchIgnore]{4}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG014.md");

    public static readonly DiagnosticDescriptor ColumnTypeMismatch = new(
        "BFG015",
        "Member type does not fit the column",
        "Member '{0}' is {1}, but column '{2}' of table '{3}' is {4}, into which the {5} provider writes {6} (schema snapshot {7}); change the member's type or the column's",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG015.md");

    public static readonly DiagnosticDescriptor ConflictKeyNotUnique = new(
        "BFG016",
        "Conflict key has no unique index",
        "Conflict.{0} on table '{1}' needs its primary key or a unique index on exactly the [BatchKey] columns ({2}), and the schema snapshot {3} has none{4}; add one, or mark the columns of an existing one [BatchKey]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG016.md");

    public static readonly DiagnosticDescriptor RequiredColumnNotWritten = new(
        "BFG017",
        "A required column is not written",
        "Column '{0}' of table '{1}' is NOT NULL and has no default, and the record writes no value to it, so every row would fail (schema snapshot {2}); add a member for it, or give the column a default",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG017.md");

    public static readonly DiagnosticDescriptor NullableMemberIntoNotNullColumn = new(
        "BFG018",
        "Nullable member writes a NOT NULL column",
        "Member '{0}' can be null, but column '{1}' of table '{2}' is NOT NULL, so a row whose '{0}' is null fails (schema snapshot {3}); make the member non-nullable, or the column nullable",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG018.md");

    public static readonly DiagnosticDescriptor GeneratedColumnWritten = new(
        "BFG019",
        "Generated column is written",
        "Member '{0}' writes column '{1}' of table '{2}', which is {3} and refuses written values (schema snapshot {4}); mark the member [BatchIgnore]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG019.md");

    public static readonly DiagnosticDescriptor ReplaceClearsColumns = new(
        "BFG020",
        "Conflict.Replace clears columns the record does not write",
        "Conflict.Replace makes an existing row of table '{0}' exactly the new one: the columns the record does not write and that have no default ({1}) become NULL (schema snapshot {2}); write them, give them a default, or use Conflict.Update to keep them",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG020.md");

    public static readonly DiagnosticDescriptor InvalidSnapshot = new(
        "BFG021",
        "Schema snapshot cannot be read",
        "Schema snapshot '{0}' cannot be read: {1}; pull it again with 'batchflow schema pull'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink + "BFG021.md");
}
