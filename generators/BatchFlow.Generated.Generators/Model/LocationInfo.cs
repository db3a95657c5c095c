using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BatchFlow.Generators.Model;

/// <summary>
/// A source location reduced to values: a <see cref="Location"/> holds its syntax tree and so the whole
/// compilation, which must not be cached by the pipeline.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location)
        => location is null || !location.IsInSource
            ? null
            : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
