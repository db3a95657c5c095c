using System.Reflection;
using System.Runtime.Loader;

namespace BatchFlow.InterleavedPair;

/// <summary>
/// One build's benchmark assembly and its dependencies (the core, the providers, their packages), loaded apart from
/// the other build's: the same assembly names resolve to this build's files. The shared framework comes from the
/// default context, so both builds run on the same runtime.
/// </summary>
internal sealed class BuildContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    public BuildContext(string label, string benchmarkAssemblyPath)
        : base(label)
    {
        _resolver = new AssemblyDependencyResolver(benchmarkAssemblyPath);
        Label = label;
        Benchmarks = LoadFromAssemblyPath(Path.GetFullPath(benchmarkAssemblyPath));
    }

    /// <summary>"before" or "after".</summary>
    public string Label { get; }

    /// <summary>The build's benchmark assembly.</summary>
    public Assembly Benchmarks { get; }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
