namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>
/// Where the built host is. It runs from its own output folder (tests/BatchFlow.Generated.ShutdownHost/bin/...), which
/// has its runtimeconfig and deps files, in the same configuration and target framework as these tests: the project
/// reference builds it first, whether the solution or this project is built.
/// </summary>
internal static class HostLocation
{
    private const string HostProject = "BatchFlow.Generated.ShutdownHost";
    private const string TestProject = "BatchFlow.Generated.Shutdown.Tests";

    public static string Dll { get; } = Find();

    private static string Find()
    {
        // AppContext.BaseDirectory is tests/BatchFlow.Generated.Shutdown.Tests/bin/<Configuration>/<tfm>/: the host's
        // folder is the same path under its own project.
        var testOutput = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var projectDirectory = new DirectoryInfo(testOutput);
        while (projectDirectory is not null && !File.Exists(Path.Combine(projectDirectory.FullName, TestProject + ".csproj")))
        {
            projectDirectory = projectDirectory.Parent;
        }

        if (projectDirectory?.Parent is null)
        {
            throw new InvalidOperationException($"{TestProject}.csproj was not found above {testOutput}.");
        }

        var relative = Path.GetRelativePath(projectDirectory.FullName, testOutput);
        var dll = Path.Combine(projectDirectory.Parent.FullName, HostProject, relative, HostProject + ".dll");
        return File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))
            ? dll
            : throw new InvalidOperationException($"The shutdown host is not built at {dll}: build {HostProject} (or the solution) first.");
    }
}
