using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using BatchFlow.Generators.Diagnostics;
using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    /// <summary>
    /// Turns one <c>[BatchTable]</c> type into a <see cref="TableSpec"/>, or into the diagnostics that say why it
    /// cannot have one. The only place that touches symbols; nothing it returns holds one.
    /// </summary>
    private sealed class Parser
    {
        private static readonly SymbolDisplayFormat s_memberTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_namespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

        private readonly INamedTypeSymbol? _keyAttribute;
        private readonly INamedTypeSymbol? _columnAttribute;
        private readonly INamedTypeSymbol? _ignoreAttribute;
        private readonly INamedTypeSymbol? _guid;
        private readonly INamedTypeSymbol? _dateTimeOffset;
        private readonly INamedTypeSymbol? _dateOnly;
        private readonly INamedTypeSymbol? _timeOnly;
        private readonly INamedTypeSymbol? _timeSpan;
        private readonly CancellationToken _cancellationToken;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly List<NameSite> _names = new();

        private Parser(Compilation compilation, CancellationToken cancellationToken)
        {
            _keyAttribute = compilation.GetTypeByMetadataName("BatchFlow.BatchKeyAttribute");
            _columnAttribute = compilation.GetTypeByMetadataName("BatchFlow.BatchColumnAttribute");
            _ignoreAttribute = compilation.GetTypeByMetadataName("BatchFlow.BatchIgnoreAttribute");
            _guid = compilation.GetTypeByMetadataName("System.Guid");
            _dateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
            _dateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
            _timeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
            _timeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            _cancellationToken = cancellationToken;
        }

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type
                || context.TargetNode is not TypeDeclarationSyntax declaration
                || context.Attributes.IsEmpty)
            {
                return ParseResult.Nothing;
            }

            return new Parser(context.SemanticModel.Compilation, cancellationToken)
                .ParseType(type, declaration, context.Attributes[0]);
        }

        /// <summary>snake_case of a member name: <c>CreatedAt</c> → <c>created_at</c>, <c>HTTPCode</c> → <c>http_code</c>.</summary>
        private static string ToSnakeCase(string name)
        {
            var builder = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (!char.IsUpper(c))
                {
                    builder.Append(c);
                    continue;
                }

                if (i > 0 && name[i - 1] != '_')
                {
                    var previous = name[i - 1];
                    var endsAcronym = char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (char.IsLower(previous) || char.IsDigit(previous) || endsAcronym)
                    {
                        builder.Append('_');
                    }
                }

                builder.Append(char.ToLowerInvariant(c));
            }

            return builder.ToString();
        }

        private ParseResult ParseType(INamedTypeSymbol type, TypeDeclarationSyntax declaration, AttributeData tableAttribute)
        {
            // [BatchTable] twice on a partial type is already a compiler error; generating twice would crash on the hint name.
            if (!IsFirstApplication(type, declaration, tableAttribute) || !TryReadTableAttribute(tableAttribute, out var tableName, out var conflict))
            {
                return ParseResult.Nothing;
            }

            var typeLocation = declaration.Identifier.GetLocation();
            var typeDisplay = type.ToDisplayString();
            CheckShape(type, declaration, typeLocation, typeDisplay);

            if (CheckName(tableName) is { } tableNameProblem)
            {
                Report(
                    DiagnosticDescriptors.InvalidTableName,
                    GetArgumentLocation(tableAttribute, 0, "name"),
                    Display(tableName),
                    tableNameProblem);
            }
            else
            {
                _names.Add(new NameSite(tableName!, null, LocationInfo.From(GetArgumentLocation(tableAttribute, 0, "name"))));
            }

            var columns = ParseColumns(type, typeLocation, typeDisplay, out var table);
            if (conflict is < ConflictMode.None or > ConflictMode.Replace)
            {
                Report(
                    DiagnosticDescriptors.UnknownConflictMode,
                    GetArgumentLocation(tableAttribute, 1, "conflict"),
                    Display(tableName),
                    ((int)conflict).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                CheckConflict(table, conflict, tableName, tableAttribute);
            }

            if (_diagnostics.Count > 0)
            {
                return new ParseResult(null, _diagnostics.ToEquatableArray(), EquatableArray<NameSite>.Empty);
            }

            var spec = new TableSpec(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(s_namespaceFormat),
                type.Name,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                type.IsValueType,
                type.DeclaredAccessibility == Accessibility.Public,
                tableName!,
                conflict,
                columns);
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty, _names.ToEquatableArray());
        }

        /// <summary>Whether this declaration carries the type's first [BatchTable], so that a type marked twice is parsed once.</summary>
        private static bool IsFirstApplication(INamedTypeSymbol type, TypeDeclarationSyntax declaration, AttributeData tableAttribute)
        {
            var first = type.GetAttributes()
                .FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, tableAttribute.AttributeClass))
                ?.ApplicationSyntaxReference;
            return first is null
                || (first.SyntaxTree == declaration.SyntaxTree
                    && declaration.AttributeLists.Any(list => list.Span.Contains(first.Span)));
        }

        private static bool TryReadTableAttribute(AttributeData attribute, out string? name, out ConflictMode conflict)
        {
            name = null;
            conflict = ConflictMode.None;
            var arguments = attribute.ConstructorArguments;

            // A malformed attribute is already a compiler error; there is nothing to add to it.
            if (arguments.IsEmpty || arguments.Any(static a => a.Kind == TypedConstantKind.Error))
            {
                return false;
            }

            name = arguments[0].Value as string;
            if (arguments.Length > 1 && arguments[1].Value is int value)
            {
                conflict = (ConflictMode)value;
            }

            return true;
        }

        private void CheckShape(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Location typeLocation, string typeDisplay)
        {
            if (type.ContainingType is not null)
            {
                Report(
                    DiagnosticDescriptors.NestedOrGenericType,
                    typeLocation,
                    typeDisplay,
                    $"nested in '{type.ContainingType.ToDisplayString()}'");
            }
            else if (type.IsGenericType)
            {
                Report(DiagnosticDescriptors.NestedOrGenericType, typeLocation, typeDisplay, "generic");
            }
            else if (type.IsFileLocal)
            {
                // Visible only in its own file: a flow class in another file could not name it.
                Report(DiagnosticDescriptors.NestedOrGenericType, typeLocation, typeDisplay, "file-local");
            }

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Report(DiagnosticDescriptors.TypeNotPartial, typeLocation, typeDisplay);
            }
        }

        /// <summary>What the member loop learnt about the table as a whole, errors included.</summary>
        private struct TableFacts
        {
            public int Candidates;
            public int KeyCandidates;
            public bool HasKeyAttribute;
        }

        private EquatableArray<ColumnSpec> ParseColumns(INamedTypeSymbol type, Location typeLocation, string typeDisplay, out TableFacts table)
        {
            table = default;
            var diagnosticsBefore = _diagnostics.Count;
            var columns = new List<ColumnSpec>();
            var membersByColumn = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var levels = GetLevels(type);

            foreach (var member in OrderMembers(levels))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var key = FindAttribute(_keyAttribute, member, levels);
                var column = FindAttribute(_columnAttribute, member, levels);
                var ignore = FindAttribute(_ignoreAttribute, member, levels);
                var memberLocation = member.Locations.FirstOrDefault();
                table.HasKeyAttribute |= key is not null;

                if (ignore is not null)
                {
                    if (key is not null)
                    {
                        Report(DiagnosticDescriptors.IgnoredKey, AttributeLocation(key) ?? memberLocation, member.Name);
                    }

                    continue;
                }

                if (!TryGetReadableType(member, type, out var memberType))
                {
                    // An unreadable member is simply not a column, unless the user asked for it to be one.
                    if ((key ?? column) is not null)
                    {
                        Report(DiagnosticDescriptors.MemberNotReadable, memberLocation, member.Name, key is not null ? "BatchKey" : "BatchColumn");
                    }

                    continue;
                }

                table.Candidates++;
                table.KeyCandidates += key is not null ? 1 : 0;
                if (ParseColumn(member, memberType, memberLocation, key is not null, column) is not { } spec)
                {
                    continue;
                }

                if (membersByColumn.TryGetValue(spec.ColumnName, out var firstMember))
                {
                    var location = column is null ? memberLocation : GetArgumentLocation(column, 0, "name");
                    Report(DiagnosticDescriptors.DuplicateColumnName, location, firstMember, member.Name, spec.ColumnName);
                    continue;
                }

                membersByColumn.Add(spec.ColumnName, member.Name);
                columns.Add(spec);
            }

            // With no candidate at all the type needs to hear why, unless a member diagnostic already says it.
            if (table.Candidates == 0 && _diagnostics.Count == diagnosticsBefore)
            {
                Report(DiagnosticDescriptors.NoColumns, typeLocation, typeDisplay);
            }

            return columns.ToEquatableArray();
        }

        private ColumnSpec? ParseColumn(ISymbol member, ITypeSymbol memberType, Location? memberLocation, bool isKey, AttributeData? column)
        {
            if (!TryGetColumnKind(memberType, out var kind, out var isEnum, out var isNullableValueType))
            {
                Report(
                    DiagnosticDescriptors.UnsupportedMemberType,
                    memberLocation,
                    member.Name,
                    memberType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
                return null;
            }

            string? columnName;
            Location? nameLocation;
            if (column is null)
            {
                columnName = ToSnakeCase(member.Name);
                nameLocation = memberLocation;
            }
            else
            {
                columnName = column.ConstructorArguments.FirstOrDefault().Value as string;
                nameLocation = GetArgumentLocation(column, 0, "name");
            }

            if (CheckName(columnName) is { } problem)
            {
                Report(DiagnosticDescriptors.InvalidColumnName, nameLocation, Display(columnName), member.Name, problem);
                return null;
            }

            _names.Add(new NameSite(columnName!, member.Name, LocationInfo.From(nameLocation)));

            var isNullable = isNullableValueType
                || (memberType.IsReferenceType && memberType.NullableAnnotation != NullableAnnotation.NotAnnotated);
            return new ColumnSpec(
                columnName!,
                member.Name,
                memberType.ToDisplayString(s_memberTypeFormat),
                kind,
                isNullable,
                isNullableValueType,
                isKey,
                isEnum);
        }

        private void CheckConflict(TableFacts table, ConflictMode conflict, string? tableName, AttributeData tableAttribute)
        {
            if (conflict == ConflictMode.None || table.Candidates == 0)
            {
                return;
            }

            if (!table.HasKeyAttribute)
            {
                Report(
                    DiagnosticDescriptors.ConflictWithoutKey,
                    GetArgumentLocation(tableAttribute, 1, "conflict"),
                    Display(tableName),
                    conflict.ToString());
            }
            else if (conflict == ConflictMode.Update && table.KeyCandidates == table.Candidates)
            {
                Report(DiagnosticDescriptors.UpdateWithoutNonKeyColumn, GetArgumentLocation(tableAttribute, 1, "conflict"), Display(tableName));
            }
        }

        /// <summary>The parameters of a positional record's primary constructor, or none.</summary>
        private ImmutableArray<IParameterSymbol> GetPositionalParameters(INamedTypeSymbol type)
        {
            if (!type.IsRecord)
            {
                return ImmutableArray<IParameterSymbol>.Empty;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(_cancellationToken) is TypeDeclarationSyntax)
                    {
                        return constructor.Parameters;
                    }
                }
            }

            return ImmutableArray<IParameterSymbol>.Empty;
        }

        /// <summary>
        /// The type and its base types with the positional parameters of each, the most basic first; <c>object</c>
        /// and <c>ValueType</c> are left out.
        /// </summary>
        private List<(INamedTypeSymbol Type, ImmutableArray<IParameterSymbol> Parameters)> GetLevels(INamedTypeSymbol type)
        {
            var levels = new List<(INamedTypeSymbol, ImmutableArray<IParameterSymbol>)>();
            for (var level = type; level is not null && level.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); level = level.BaseType)
            {
                levels.Add((level, GetPositionalParameters(level)));
            }

            levels.Reverse();
            return levels;
        }

        /// <summary>
        /// Instance data members, inherited ones first: each type's in declaration order, a positional record's
        /// parameters first and in their order. A member that a more derived type declares again (an override or a
        /// <c>new</c> member) is taken from the most derived one, in its place.
        /// </summary>
        private static IEnumerable<ISymbol> OrderMembers(List<(INamedTypeSymbol Type, ImmutableArray<IParameterSymbol> Parameters)> levels)
        {
            var redeclared = new HashSet<string>(StringComparer.Ordinal);
            var ordered = new List<List<ISymbol>>();
            for (var i = levels.Count - 1; i >= 0; i--)
            {
                var (type, parameters) = levels[i];
                var members = type.GetMembers().Where(m => IsInstanceDataMember(type, m) && !redeclared.Contains(m.Name)).ToList();
                var positional = parameters
                    .Select(p => members.FirstOrDefault(m => m.Name == p.Name))
                    .Where(static m => m is not null)
                    .Select(static m => m!)
                    .ToList();
                ordered.Add([.. positional, .. members.Where(m => !positional.Contains(m, SymbolEqualityComparer.Default))]);
                redeclared.UnionWith(members.Select(static m => m.Name));
            }

            ordered.Reverse();
            return ordered.SelectMany(static level => level);
        }

        private static bool IsInstanceDataMember(INamedTypeSymbol type, ISymbol member) => member switch
        {
            IPropertySymbol property => !property.IsStatic
                && !property.IsIndexer
                && !(type.IsRecord && property.Name == "EqualityContract"),
            IFieldSymbol field => !field.IsStatic && !field.IsConst && !field.IsImplicitlyDeclared && field.AssociatedSymbol is null,
            _ => false,
        };

        /// <summary>Whether the generated code, compiled into <paramref name="tableType"/>'s assembly, can read the member, and its type.</summary>
        private static bool TryGetReadableType(ISymbol member, INamedTypeSymbol tableType, out ITypeSymbol type)
        {
            // An internal member inherited from another assembly cannot be read from this one.
            var sameAssembly = SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, tableType.ContainingAssembly);
            switch (member)
            {
                case IPropertySymbol property:
                    type = property.Type;
                    return property.GetMethod is { } getter && IsReachable(getter.DeclaredAccessibility, sameAssembly);
                case IFieldSymbol field:
                    type = field.Type;
                    return IsReachable(field.DeclaredAccessibility, sameAssembly);
                default:
                    type = null!;
                    return false;
            }

            static bool IsReachable(Accessibility accessibility, bool sameAssembly)
                => accessibility == Accessibility.Public
                    || (sameAssembly && accessibility is Accessibility.Internal or Accessibility.ProtectedOrInternal);
        }

        private bool TryGetColumnKind(ITypeSymbol type, out ColumnKind kind, out bool isEnum, out bool isNullableValueType)
        {
            isNullableValueType = false;
            isEnum = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
                isNullableValueType = true;
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
                isEnum = true;
            }

            var found = GetKind(type);
            kind = found.GetValueOrDefault();
            return found.HasValue;
        }

        private ColumnKind? GetKind(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean: return ColumnKind.Boolean;
                case SpecialType.System_Byte: return ColumnKind.Byte;
                case SpecialType.System_SByte: return ColumnKind.SByte;
                case SpecialType.System_Int16: return ColumnKind.Int16;
                case SpecialType.System_UInt16: return ColumnKind.UInt16;
                case SpecialType.System_Int32: return ColumnKind.Int32;
                case SpecialType.System_UInt32: return ColumnKind.UInt32;
                case SpecialType.System_Int64: return ColumnKind.Int64;
                case SpecialType.System_UInt64: return ColumnKind.UInt64;
                case SpecialType.System_Single: return ColumnKind.Single;
                case SpecialType.System_Double: return ColumnKind.Double;
                case SpecialType.System_Decimal: return ColumnKind.Decimal;
                case SpecialType.System_String: return ColumnKind.String;
                case SpecialType.System_Char: return ColumnKind.Char;
                case SpecialType.System_DateTime: return ColumnKind.DateTime;
            }

            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
            {
                return ColumnKind.Binary;
            }

            return Is(type, _guid) ? ColumnKind.Guid
                : Is(type, _dateTimeOffset) ? ColumnKind.DateTimeOffset
                : Is(type, _dateOnly) ? ColumnKind.DateOnly
                : Is(type, _timeOnly) ? ColumnKind.TimeOnly
                : Is(type, _timeSpan) ? ColumnKind.TimeSpan
                : null;

            static bool Is(ITypeSymbol type, INamedTypeSymbol? wellKnown)
                => wellKnown is not null && SymbolEqualityComparer.Default.Equals(type, wellKnown);
        }

        /// <summary>Why a table or column name cannot be used, or null when it can.</summary>
        private static string? CheckName(string? name)
        {
            if (name is null || string.IsNullOrWhiteSpace(name))
            {
                return "it is empty or only whitespace";
            }

            if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[name.Length - 1]))
            {
                return "it starts or ends with whitespace";
            }

            if (name.Any(char.IsControl))
            {
                return "it contains a control character";
            }

            // Length limits belong to a database: ProviderRules checks them for the providers the project references.
            return null;
        }

        /// <summary>A name as a message shows it: control characters escaped, so that the message stays one readable line.</summary>
        private static string Display(string? name) => name is null ? "" : SymbolDisplay.FormatLiteral(name, quote: false);

        /// <summary>
        /// The attribute on the member, or on a positional record parameter of the same name: attributes written on a
        /// parameter belong to the parameter, not to the property, and a derived record passes the parameters of its
        /// base on, so each level's parameter counts, the most derived first.
        /// </summary>
        private static AttributeData? FindAttribute(
            INamedTypeSymbol? attributeType,
            ISymbol member,
            List<(INamedTypeSymbol Type, ImmutableArray<IParameterSymbol> Parameters)> levels)
        {
            if (attributeType is null)
            {
                return null;
            }

            if (Find(member.GetAttributes()) is { } onMember)
            {
                return onMember;
            }

            for (var i = levels.Count - 1; i >= 0; i--)
            {
                foreach (var parameter in levels[i].Parameters)
                {
                    if (parameter.Name == member.Name && Find(parameter.GetAttributes()) is { } onParameter)
                    {
                        return onParameter;
                    }
                }
            }

            return null;

            AttributeData? Find(ImmutableArray<AttributeData> attributes)
                => attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        }

        private Location? AttributeLocation(AttributeData attribute)
            => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation();

        /// <summary>The location of one argument of an attribute, found by name or position; the attribute itself when absent.</summary>
        private Location? GetArgumentLocation(AttributeData attribute, int position, string parameterName)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is not AttributeSyntax syntax)
            {
                return null;
            }

            var index = 0;
            foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
            {
                if (argument.NameEquals is not null)
                {
                    continue;
                }

                if (argument.NameColon is { } nameColon
                    ? nameColon.Name.Identifier.ValueText == parameterName
                    : index == position)
                {
                    return argument.GetLocation();
                }

                index++;
            }

            return syntax.GetLocation();
        }

        private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
            => _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, messageArgs));
    }
}
