using System.Reflection;
using System.Text;

namespace BatchFlow.Generators.Tests;

/// <summary>
/// Snapshot files in Verify's convention, so Verify can take this helper's place: <c>Snapshots/{name}.verified.cs</c>
/// is the accepted output; a missing or different one makes the test write <c>{name}.received.cs</c> beside it and
/// fail. Set <c>BATCHFLOW_ACCEPT_SNAPSHOTS=1</c> to accept what the tests receive.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "BATCHFLOW_ACCEPT_SNAPSHOTS";

    private static readonly Lazy<string> s_directory = new(() => Path.Combine(
        typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!,
        "Snapshots"));

    public static void Match(string actual, string name)
    {
        actual = actual.ReplaceLineEndings("\n");
        var verifiedPath = Path.Combine(s_directory.Value, name + ".verified.cs");
        var receivedPath = Path.Combine(s_directory.Value, name + ".received.cs");

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(s_directory.Value);
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            return;
        }

        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).ReplaceLineEndings("\n") : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var reason = verified is null
            ? $"No verified snapshot {verifiedPath} yet."
            : $"The output differs from {verifiedPath}: {FirstDifference(verified, actual)}";
        Assert.Fail(
            $"{reason}\nReceived: {receivedPath}\nCompare: diff -u \"{verifiedPath}\" \"{receivedPath}\"\n" +
            $"Accept when the change is intended: {AcceptVariable}=1 dotnet test, or move the received file over the verified one.");
    }

    private static string FirstDifference(string verified, string received)
    {
        var expectedLines = verified.Split('\n');
        var actualLines = received.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var expected = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var actual = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (expected != actual)
            {
                return $"first at line {i + 1}\n  verified: {expected}\n  received: {actual}";
            }
        }

        return "only in line endings";
    }
}
