using System.Reflection;
using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests;

/// <summary>
/// The pipeline caches the model and compares it between runs: anything in it that holds a symbol, a syntax node or
/// a location keeps a whole compilation alive and never compares equal, which silently defeats incrementality.
/// </summary>
public sealed class ModelShapeTests
{
    private static readonly Type[] s_forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SyntaxReference), typeof(Location), typeof(Compilation), typeof(SemanticModel)];

    [Fact]
    public void Model_types_hold_no_symbols_syntax_locations_or_compilations()
    {
        var modelTypes = typeof(TableSpec).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(TableSpec).Namespace && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .ToList();

        Assert.Superset(
            new HashSet<Type> { typeof(TableSpec), typeof(ColumnSpec), typeof(ProviderEnvironment), typeof(DiagnosticInfo), typeof(LocationInfo), typeof(ParseResult) },
            modelTypes.ToHashSet());
        Assert.Empty(modelTypes.SelectMany(t => Problems(t)));
    }

    [Fact]
    public void Model_records_are_sealed_and_compare_by_value()
    {
        foreach (var type in new[] { typeof(TableSpec), typeof(ColumnSpec), typeof(ProviderEnvironment), typeof(DiagnosticInfo), typeof(LocationInfo), typeof(ParseResult) })
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed.");
            Assert.Contains(typeof(IEquatable<>).MakeGenericType(type), type.GetInterfaces());
        }

        ColumnSpec Column() => new("id", "Id", "long", ColumnKind.Int64, false, false, true, false);
        TableSpec Table() => new("App", "User", "global::App.User", false, true, "users", ConflictMode.Ignore, new EquatableArray<ColumnSpec>([Column()]));
        Assert.Equal(Table(), Table());
        Assert.Equal(Table().GetHashCode(), Table().GetHashCode());
        Assert.NotEqual(Table(), Table() with { Columns = new EquatableArray<ColumnSpec>([Column() with { ColumnName = "user_id" }]) });
    }

    [Fact]
    public void Model_enums_mirror_the_runtime_enums_the_emitter_names()
    {
        Assert.Equal(Enum.GetNames<ColumnType>(), Enum.GetNames<ColumnKind>());
        Assert.Equal(Enum.GetValues<Conflict>().Select(v => (v.ToString(), (int)v)), Enum.GetValues<ConflictMode>().Select(v => (v.ToString(), (int)v)));
    }

    [Fact]
    public void The_walk_finds_a_location_hidden_in_a_generic_argument()
        => Assert.Contains(Problems(typeof(Leaky)), p => p.Contains(nameof(Location), StringComparison.Ordinal));

    private sealed record Leaky(EquatableArray<LeakyItem> Items);

    private sealed record LeakyItem(IReadOnlyList<Location> Locations);

    private static List<string> Problems(Type root)
    {
        var problems = new List<string>();
        Walk(root, root.Name, new HashSet<Type>(), problems);
        return problems;
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> problems)
    {
        if (s_forbidden.Any(f => f.IsAssignableFrom(type)))
        {
            problems.Add($"{path} is a {type.Name}");
            return;
        }

        if (!seen.Add(type))
        {
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", seen, problems);
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Walk(argument, $"{path}<{argument.Name}>", seen, problems);
        }

        if (!LooksInside(type))
        {
            return;
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType == typeof(object) && current.Assembly == typeof(TableSpec).Assembly)
                {
                    problems.Add($"{path}.{field.Name} is an object and could hold anything");
                }

                Walk(field.FieldType, $"{path}.{field.Name}", seen, problems);
            }
        }
    }

    /// <summary>Fields are followed into the generator's own types, Roslyn's value types (spans, descriptors) and test types.</summary>
    private static bool LooksInside(Type type)
        => type.Assembly == typeof(TableSpec).Assembly
            || type.Assembly == typeof(ModelShapeTests).Assembly
            || type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true;
}
