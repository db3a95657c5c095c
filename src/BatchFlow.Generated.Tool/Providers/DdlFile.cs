namespace BatchFlow.Tool.Providers;

/// <summary>A DDL file given with <c>--ddl</c>, read before any connection is opened so a wrong path fails first.</summary>
internal sealed record DdlFile(string Path, string Text)
{
    public static async Task<IReadOnlyList<DdlFile>> ReadAllAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var files = new List<DdlFile>(paths.Count);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new ToolException($"--ddl {path}: the file does not exist ({System.IO.Path.GetFullPath(path)}).");
            }

            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ToolException($"--ddl {path}: the file cannot be read: {e.Message}", e);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                throw new ToolException($"--ddl {path}: the file is empty.");
            }

            files.Add(new DdlFile(path, text));
        }

        return files;
    }
}
