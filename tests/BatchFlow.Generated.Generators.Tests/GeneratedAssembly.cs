using System.Reflection;
using System.Runtime.Loader;

namespace BatchFlow.Generators.Tests;

/// <summary>
/// Compiles a sample with its generated flow (no provider referenced), loads it, and reads the flow's table
/// description at run time, so the tests see what a user's program would.
/// </summary>
internal sealed class GeneratedAssembly
{
    private readonly Assembly _assembly;

    private GeneratedAssembly(Assembly assembly) => _assembly = assembly;

    public static GeneratedAssembly Compile(string source)
    {
        var run = GeneratorHarness.Run(source, ProviderSets.None);
        Assert.Empty(run.Diagnostics);

        using var stream = new MemoryStream();
        var result = run.Output.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return new GeneratedAssembly(context.LoadFromStream(stream));
    }

    /// <summary>A type of the compiled sample, by its full name.</summary>
    public Type Type(string fullName) => _assembly.GetType(fullName, throwOnError: true)!;

    public LoadedTable Table(string rowTypeName)
    {
        var rowType = _assembly.GetType(rowTypeName, throwOnError: true)!;
        var flowType = _assembly.GetType(rowTypeName + "Flow", throwOnError: true)!;
        var table = flowType.GetProperty("Table", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return new LoadedTable(rowType, table);
    }
}

/// <summary>A generated <c>TableDescription&lt;T&gt;</c> seen through reflection.</summary>
internal sealed class LoadedTable(Type rowType, object table)
{
    /// <summary>The <c>TableDescription&lt;T&gt;</c> itself, for a test that hands it to a generic method of its own.</summary>
    public object Description => table;

    public Type RowType => rowType;

    public string Name => Get<string>("Name");

    public Conflict Conflict => Get<Conflict>("Conflict");

    public IReadOnlyList<ColumnDescription> Columns => Get<IReadOnlyList<ColumnDescription>>("Columns");

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public bool HasKeyComparer => table.GetType().GetProperty("KeyComparer")!.GetValue(table) is not null;

    public ColumnDescription Column(string name) => Assert.Single(Columns, c => c.Name == name);

    public object NewRow(params object?[] arguments) => Activator.CreateInstance(rowType, arguments)!;

    public bool KeyEquals(object? x, object? y) => (bool)KeyComparerMethod("Equals").Invoke(KeyComparer, [x, y])!;

    public int KeyHash(object row) => (int)KeyComparerMethod("GetHashCode").Invoke(KeyComparer, [row])!;

    private object KeyComparer => table.GetType().GetProperty("KeyComparer")!.GetValue(table)
        ?? throw new InvalidOperationException("The table has no key comparer.");

    private MethodInfo KeyComparerMethod(string name)
        => typeof(IEqualityComparer<>).MakeGenericType(rowType).GetMethod(name)!;

    private T Get<T>(string property) => (T)table.GetType().GetProperty(property)!.GetValue(table)!;
}
