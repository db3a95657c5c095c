namespace CustomSink.Tests;

/// <summary>A folder of its own under the temp path, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string FullName { get; } = Directory.CreateTempSubdirectory("batchflow-jsonl-").FullName;

    public string File(string name) => Path.Combine(FullName, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullName, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a failed test) must not hide that test's own failure.
        }
    }
}
