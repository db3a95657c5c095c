using System.Reflection;

namespace BatchFlow.Generators.Tests;

internal static class TestPaths
{
    /// <summary>The test project's folder, recorded at build time (source paths are mapped in deterministic CI builds).</summary>
    public static string ProjectDirectory { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProjectDirectory").Value!;

    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));
}
