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
    /// cannot have one. The only place that touches symbols; nothing it returns holds one. This file holds the
    /// entry point and the checks of the type as a whole; the other Parser files hold member discovery
    /// (<c>.Members</c>), member types (<c>.Types</c>), naming (<c>.Naming</c>), diagnostic locations (<c>.Locations</c>)
    /// and how the row reader rebuilds the type (<c>.Reader</c>).
    /// </summary>
    private sealed partial class Parser
    {
        private static readonly SymbolDisplayFormat s_memberTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_namespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

        private readonly WellKnownSymbols _symbols;
        private readonly CancellationToken _cancellationToken;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly List<NameSite> _names = new();

        private Parser(Compilation compilation, CancellationToken cancellationToken)
        {
            _symbols = new WellKnownSymbols(compilation);
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

            var columns = ParseColumns(type, typeLocation, typeDisplay, out var table, out var columnMembers);
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

            var hasReader = TryPlanReader(type, FindPositionalConstructor(type), columnMembers, out var constructorArguments, out var setInInitializer);
            var spec = new TableSpec(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(s_namespaceFormat),
                type.Name,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                type.IsValueType,
                type.DeclaredAccessibility == Accessibility.Public,
                tableName!,
                conflict,
                columns.Select((c, i) => hasReader && setInInitializer[i] ? c with { IsSetInInitializer = true } : c).ToEquatableArray(),
                hasReader,
                hasReader ? constructorArguments : EquatableArray<int>.Empty);
            var schema = SchemaFactsOf(spec, typeLocation, GetArgumentLocation(tableAttribute, 1, "conflict"));
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty, _names.ToEquatableArray(), schema);
        }

        /// <summary>The spec's columns with the locations the names were written at, for the schema snapshot check.</summary>
        private SchemaFacts SchemaFactsOf(TableSpec spec, Location typeLocation, Location? conflictLocation)
        {
            LocationInfo? tableLocation = null;
            var columnLocations = new Dictionary<string, LocationInfo?>(StringComparer.Ordinal);
            foreach (var site in _names)
            {
                if (site.MemberName is null)
                {
                    tableLocation = site.Location;
                }
                else
                {
                    columnLocations[site.MemberName] = site.Location;
                }
            }

            var columns = spec.Columns
                .Select(c => new SchemaColumnFacts(c.ColumnName, c.MemberName, c.Kind, c.IsNullable, c.IsKey, c.IsEnum, columnLocations.TryGetValue(c.MemberName, out var at) ? at : null))
                .ToEquatableArray();
            return new SchemaFacts(spec.TableName, spec.Conflict, tableLocation, LocationInfo.From(conflictLocation), LocationInfo.From(typeLocation), columns);
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
    }
}
