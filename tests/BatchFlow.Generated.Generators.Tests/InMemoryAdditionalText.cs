using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BatchFlow.Generators.Tests;

/// <summary>An <c>AdditionalFiles</c> item for a test: a path and its text.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
