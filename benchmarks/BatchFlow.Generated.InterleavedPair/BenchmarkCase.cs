using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace BatchFlow.InterleavedPair;

/// <summary>
/// One benchmark method of one build, set up as BenchmarkDotNet would for it alone: its own instance, the parameters
/// given, the <c>[GlobalSetup]</c> that targets it (or the untargeted one), and around every invocation its
/// <c>[IterationSetup]</c> and <c>[IterationCleanup]</c> (untimed). Attributes are read as metadata, so the harness
/// needs no BenchmarkDotNet types of either build.
/// </summary>
internal sealed class BenchmarkCase
{
    private const string Attributes = "BenchmarkDotNet.Attributes.";
    private readonly object _instance;
    private readonly MethodInfo _method;
    private readonly MethodInfo? _iterationSetup;
    private readonly MethodInfo? _iterationCleanup;
    private readonly MethodInfo? _globalCleanup;

    public BenchmarkCase(BuildContext build, string typeName, string methodName, IReadOnlyDictionary<string, string> parameters)
    {
        var type = build.Benchmarks.GetType(typeName, throwOnError: true)!;
        _method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"{build.Label}: {typeName} has no public method {methodName}.");
        var benchmark = Find(_method, "BenchmarkAttribute")
            ?? throw new ArgumentException($"{build.Label}: {typeName}.{methodName} is not a [Benchmark].");
        OperationsPerInvoke = Named(benchmark, "OperationsPerInvoke") is int count ? count : 1;
        Build = build.Label;
        Method = methodName;
        _instance = Activator.CreateInstance(type)!;
        foreach (var (name, value) in parameters)
        {
            var property = type.GetProperty(name) ?? throw new ArgumentException($"{build.Label}: {typeName} has no parameter {name}.");
            property.SetValue(_instance, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        }

        _iterationSetup = Targeting(type, "IterationSetupAttribute", methodName);
        _iterationCleanup = Targeting(type, "IterationCleanupAttribute", methodName);
        _globalCleanup = Targeting(type, "GlobalCleanupAttribute", methodName);
        Wait(Targeting(type, "GlobalSetupAttribute", methodName)?.Invoke(_instance, null));
    }

    public string Build { get; }

    public string Method { get; }

    /// <summary>The operations (rows) one invocation stands for, from the <c>[Benchmark]</c> attribute.</summary>
    public int OperationsPerInvoke { get; }

    /// <summary>Runs one invocation and returns its time per operation in nanoseconds and its bytes per operation.</summary>
    public (double Nanoseconds, double Bytes) Invoke()
    {
        Wait(_iterationSetup?.Invoke(_instance, null));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        Wait(_method.Invoke(_instance, null));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Wait(_iterationCleanup?.Invoke(_instance, null));
        return (elapsed.TotalNanoseconds / OperationsPerInvoke, (double)bytes / OperationsPerInvoke);
    }

    public void CleanUp() => Wait(_globalCleanup?.Invoke(_instance, null));

    private static void Wait(object? result)
    {
        switch (result)
        {
            case Task task:
                task.GetAwaiter().GetResult();
                break;
            case ValueTask valueTask:
                valueTask.GetAwaiter().GetResult();
                break;
        }
    }

    private static CustomAttributeData? Find(MemberInfo member, string attribute) =>
        member.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == Attributes + attribute);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.MemberName == name).TypedValue.Value;

    /// <summary>The method with <paramref name="attribute"/> whose Target(s) name <paramref name="method"/>, else the untargeted one.</summary>
    private static MethodInfo? Targeting(Type type, string attribute, string method)
    {
        MethodInfo? untargeted = null;
        foreach (var candidate in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (Find(candidate, attribute) is not { } data)
            {
                continue;
            }

            var targets = Targets(data);
            if (targets.Count == 0)
            {
                untargeted ??= candidate;
            }
            else if (targets.Contains(method))
            {
                return candidate;
            }
        }

        return untargeted;
    }

    private static List<string> Targets(CustomAttributeData data)
    {
        var targets = new List<string>();
        foreach (var argument in data.NamedArguments)
        {
            if (argument.MemberName == "Target" && argument.TypedValue.Value is string one)
            {
                targets.Add(one);
            }
            else if (argument.MemberName == "Targets" && argument.TypedValue.Value is IEnumerable<CustomAttributeTypedArgument> many)
            {
                targets.AddRange(many.Select(a => (string)a.Value!));
            }
        }

        return targets;
    }
}
