using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BatchFlow.Generators;

/// <summary>Emits a typed <c>{Type}Flow</c> for every <c>[BatchTable]</c> type.</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class BatchFlowGenerator : IIncrementalGenerator
{
    internal const string BatchTableAttributeName = "BatchFlow.BatchTableAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Tables = "BatchFlow.Tables";
        public const string Specs = "BatchFlow.Specs";
        public const string Environment = "BatchFlow.Environment";
        public const string Sources = "BatchFlow.Sources";
        public const string Diagnostics = "BatchFlow.Diagnostics";
        public const string ProviderRules = "BatchFlow.ProviderRules";
        public const string Snapshots = "BatchFlow.Snapshots";
        public const string SchemaFacts = "BatchFlow.SchemaFacts";
        public const string SchemaChecks = "BatchFlow.SchemaChecks";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var tables = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                BatchTableAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntaxContext, cancellationToken) => Parser.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.Tables);

        var environment = context.CompilationProvider
            .Select(static (compilation, _) => Providers.Find(compilation))
            .WithTrackingName(TrackingNames.Environment);

        var specs = tables
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Specs);

        var sources = specs
            .Combine(environment)
            .WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(sources, static (productionContext, input) =>
        {
            var (spec, providers) = input;
            productionContext.AddSource(spec.HintName, Emitter.Emit(spec, providers));
        });

        // Diagnostics travel apart from the specs: moving a type in its file changes only their locations, and
        // that must not regenerate the source.
        var diagnostics = tables
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, Report);

        // The rules of the providers the project references, over each table's names.
        var providerRules = tables
            .Select(static (result, _) => result.Names)
            .Combine(environment)
            .Select(static (input, _) => ProviderRules.Check(input.Left, input.Right))
            .WithTrackingName(TrackingNames.ProviderRules);

        context.RegisterSourceOutput(providerRules, Report);

        // The schema snapshots (AdditionalFiles), read once per content change; each table is checked against them
        // in a step of its own, so editing a snapshot re-runs only the checks and editing code leaves them cached.
        var snapshots = context.AdditionalTextsProvider
            .Where(Snapshots.IsSnapshot)
            .Select(Snapshots.Read)
            .Collect()
            .Select(static (all, _) => Snapshots.ToModels(all))
            .WithTrackingName(TrackingNames.Snapshots);

        context.RegisterSourceOutput(snapshots.Select(static (all, _) => Snapshots.Errors(all)), Report);

        var schemaChecks = tables
            .Select(static (result, _) => result.Schema)
            .WithTrackingName(TrackingNames.SchemaFacts)
            .Combine(snapshots)
            .Select(static (input, _) => SchemaRules.Check(input.Left, input.Right))
            .WithTrackingName(TrackingNames.SchemaChecks);

        context.RegisterSourceOutput(schemaChecks, Report);
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> infos)
    {
        foreach (var info in infos)
        {
            context.ReportDiagnostic(info.ToDiagnostic());
        }
    }
}
