using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    /// <summary>
    /// The symbols the parser compares against, looked up once per parse from the compilation: our attributes and the
    /// framework types that map to a column type. A null one is a type the compilation lacks (an old framework has no
    /// <c>DateOnly</c>), and nothing compares equal to it.
    /// </summary>
    private sealed class WellKnownSymbols
    {
        public WellKnownSymbols(Compilation compilation)
        {
            KeyAttribute = compilation.GetTypeByMetadataName("BatchFlow.BatchKeyAttribute");
            ColumnAttribute = compilation.GetTypeByMetadataName("BatchFlow.BatchColumnAttribute");
            IgnoreAttribute = compilation.GetTypeByMetadataName("BatchFlow.BatchIgnoreAttribute");
            Guid = compilation.GetTypeByMetadataName("System.Guid");
            DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
            DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
            TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
            TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        }

        public INamedTypeSymbol? KeyAttribute { get; }

        public INamedTypeSymbol? ColumnAttribute { get; }

        public INamedTypeSymbol? IgnoreAttribute { get; }

        public INamedTypeSymbol? Guid { get; }

        public INamedTypeSymbol? DateTimeOffset { get; }

        public INamedTypeSymbol? DateOnly { get; }

        public INamedTypeSymbol? TimeOnly { get; }

        public INamedTypeSymbol? TimeSpan { get; }
    }
}
