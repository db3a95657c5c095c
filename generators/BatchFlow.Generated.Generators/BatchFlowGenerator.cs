using Microsoft.CodeAnalysis;

namespace BatchFlow.Generators;

/// <summary>Emits a typed <c>{Type}Flow</c> for every <c>[BatchTable]</c> type.</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class BatchFlowGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
