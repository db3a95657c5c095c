using System.Text;
using BatchFlow.Snapshots;

namespace BatchFlow.Tool.Commands;

/// <summary>Reads and writes the snapshot file; every failure names the file.</summary>
internal static class SnapshotFile
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes through a temporary file beside it, so an interrupted write never leaves half a snapshot.</summary>
    public static async Task WriteAsync(string path, string text, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new ToolException($"--out {path}: the folder {directory} does not exist.");
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, s_utf8, ct);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"--out {path}: the snapshot cannot be written: {e.Message}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static async Task<SnapshotDocument> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new ToolException($"{path} does not exist ({Path.GetFullPath(path)}): pull it first (the same command without --check), or name it with --out.");
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"{path} cannot be read: {e.Message}", e);
        }

        try
        {
            return SnapshotText.Parse(text);
        }
        catch (SnapshotFormatException e)
        {
            throw new ToolException($"{path}: {e.Message} (docs/schema-snapshot.md describes the format; pull the file again to rewrite it)", e);
        }
    }
}
