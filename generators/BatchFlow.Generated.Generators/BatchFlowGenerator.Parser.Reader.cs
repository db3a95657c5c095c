using System.Collections.Generic;
using System.Linq;
using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private sealed partial class Parser
    {
        private const string SetsRequiredMembersAttributeName = "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute";

        /// <summary>
        /// How the row reader rebuilds the type from its columns: the constructor's arguments (a column index, or -1 for
        /// <c>default</c>) and which columns it assigns in an object initializer instead. False when some column could not
        /// be given back (a get-only property no constructor parameter sets, a <c>readonly</c> field, a required member
        /// that is no column, no constructor that fits): then no reader is emitted, and the type still writes.
        /// </summary>
        /// <remarks>
        /// A parameter counts as setting a column only when the column is the property the compiler made from that very
        /// parameter: anything else of the same name (a member the record declares itself, a base record's property the
        /// parameter is passed on to) may hold something other than the argument, so it is assigned in the initializer too.
        /// </remarks>
        private static bool TryPlanReader(
            INamedTypeSymbol type,
            IMethodSymbol? positionalConstructor,
            List<ISymbol> columnMembers,
            out EquatableArray<int> constructorArguments,
            out bool[] setInInitializer)
        {
            constructorArguments = EquatableArray<int>.Empty;
            setInInitializer = new bool[columnMembers.Count];
            var constructor = positionalConstructor ?? type.InstanceConstructors.FirstOrDefault(static c => c.Parameters.IsEmpty);
            if (type.IsAbstract || (constructor is null ? !type.IsValueType : !IsReachable(constructor, type)))
            {
                // A struct without a parameterless constructor of its own still has default construction.
                return false;
            }

            var setByConstructor = new bool[columnMembers.Count];
            if (positionalConstructor is not null)
            {
                var arguments = new List<int>();
                foreach (var parameter in positionalConstructor.Parameters)
                {
                    var column = columnMembers.FindIndex(m => m.Name == parameter.Name);
                    if (column < 0 || !TryGetReadableType(columnMembers[column], type, out var memberType)
                        || !SymbolEqualityComparer.IncludeNullability.Equals(parameter.Type, memberType))
                    {
                        // No column (an ignored member) or one of another type: the parameter gets its default.
                        arguments.Add(-1);
                        continue;
                    }

                    arguments.Add(column);
                    setByConstructor[column] = IsMadeFrom(columnMembers[column], parameter);
                }

                constructorArguments = arguments.ToEquatableArray();
            }

            var requiresInitializer = constructor is null
                || !constructor.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == SetsRequiredMembersAttributeName);
            for (var i = 0; i < columnMembers.Count; i++)
            {
                // A required member must be set in the initializer even when the constructor takes it.
                setInInitializer[i] = !setByConstructor[i] || (requiresInitializer && IsRequired(columnMembers[i]));
                if (setInInitializer[i] && !IsAssignable(columnMembers[i], type))
                {
                    return false;
                }
            }

            return !requiresInitializer || !HasRequiredMemberOutside(type, columnMembers);
        }

        /// <summary>Whether the member is the property the compiler made from this positional parameter.</summary>
        private static bool IsMadeFrom(ISymbol member, IParameterSymbol parameter)
            => member is IPropertySymbol
                && member.DeclaringSyntaxReferences.Any(m => parameter.DeclaringSyntaxReferences
                    .Any(p => p.SyntaxTree == m.SyntaxTree && p.Span == m.Span));

        /// <summary>Whether the generated code can assign the member in an object initializer.</summary>
        private static bool IsAssignable(ISymbol member, INamedTypeSymbol type) => member switch
        {
            IPropertySymbol property => property.SetMethod is { } setter && IsReachable(setter, type),
            IFieldSymbol field => !field.IsReadOnly,
            _ => false,
        };

        private static bool IsRequired(ISymbol member) => member switch
        {
            IPropertySymbol property => property.IsRequired,
            IFieldSymbol field => field.IsRequired,
            _ => false,
        };

        /// <summary>Whether the type or a base has a required member that is no column, which the reader cannot set.</summary>
        private static bool HasRequiredMemberOutside(INamedTypeSymbol type, List<ISymbol> columnMembers)
        {
            for (var level = type; level is not null; level = level.BaseType)
            {
                if (level.GetMembers().Any(m => IsRequired(m) && !columnMembers.Any(c => c.Name == m.Name)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
