using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators.Tests;

/// <summary>The XML documentation file beside an assembly, as the compiler reads it for a package reference.</summary>
internal sealed class XmlFileDocumentation : DocumentationProvider
{
    private readonly string _path;
    private readonly Dictionary<string, string> _members;

    private XmlFileDocumentation(string path)
    {
        _path = path;
        _members = XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => m.ToString(), StringComparer.Ordinal);
    }

    public static DocumentationProvider? For(string assemblyPath)
    {
        var xml = Path.ChangeExtension(assemblyPath, ".xml");
        return File.Exists(xml) ? new XmlFileDocumentation(xml) : null;
    }

    public override bool Equals(object? obj) => obj is XmlFileDocumentation other && other._path == _path;

    public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);

    protected override string GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        _members.TryGetValue(documentationMemberID, out var xml) ? xml : "";
}
