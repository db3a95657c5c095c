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
    private sealed partial class Parser
    {
        /// <summary>The columns in write order, and beside them the member each is read from.</summary>
        private List<ColumnSpec> ParseColumns(INamedTypeSymbol type, Location typeLocation, string typeDisplay, out TableFacts table, out List<ISymbol> columnMembers)
        {
            table = default;
            var diagnosticsBefore = _diagnostics.Count;
            var columns = new List<ColumnSpec>();
            columnMembers = new List<ISymbol>();
            var membersByColumn = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var levels = GetLevels(type);

            foreach (var member in OrderMembers(levels))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var key = FindAttribute(_symbols.KeyAttribute, member, levels);
                var column = FindAttribute(_symbols.ColumnAttribute, member, levels);
                var ignore = FindAttribute(_symbols.IgnoreAttribute, member, levels);
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
                columnMembers.Add(member);
            }

            // With no candidate at all the type needs to hear why, unless a member diagnostic already says it.
            if (table.Candidates == 0 && _diagnostics.Count == diagnosticsBefore)
            {
                Report(DiagnosticDescriptors.NoColumns, typeLocation, typeDisplay);
            }

            return columns;
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

        /// <summary>The parameters of a positional record's primary constructor, or none.</summary>
        private ImmutableArray<IParameterSymbol> GetPositionalParameters(INamedTypeSymbol type)
            => FindPositionalConstructor(type)?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;

        /// <summary>A positional record's primary constructor (declared by the type's parameter list), or null.</summary>
        private IMethodSymbol? FindPositionalConstructor(INamedTypeSymbol type)
        {
            if (!type.IsRecord)
            {
                return null;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(_cancellationToken) is TypeDeclarationSyntax)
                    {
                        return constructor;
                    }
                }
            }

            return null;
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
            switch (member)
            {
                case IPropertySymbol property:
                    type = property.Type;
                    return property.GetMethod is { } getter && IsReachable(getter, tableType);
                case IFieldSymbol field:
                    type = field.Type;
                    return IsReachable(field, tableType);
                default:
                    type = null!;
                    return false;
            }
        }

        /// <summary>Whether the generated code, compiled into <paramref name="tableType"/>'s assembly outside the type, can use the symbol.</summary>
        private static bool IsReachable(ISymbol symbol, INamedTypeSymbol tableType)
        {
            // An internal member inherited from another assembly cannot be used from this one.
            var sameAssembly = SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, tableType.ContainingAssembly);
            return symbol.DeclaredAccessibility == Accessibility.Public
                || (sameAssembly && symbol.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedOrInternal);
        }

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
    }
}
