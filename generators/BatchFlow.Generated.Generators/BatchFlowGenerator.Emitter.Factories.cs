using System.Linq;
using BatchFlow.Generators.Model;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private static partial class Emitter
    {
        private static readonly string[] s_optionsParameter = { "global::BatchFlow.BatchFlowOptions? options = null" };

        /// <summary>
        /// One static factory per constructor a provider declared: the constructor's parameters but the table, then
        /// the flow's options. Nothing here knows a provider; a new one needs no change to the generator.
        /// </summary>
        private static void EmitFactories(SourceWriter writer, TableSpec spec, ProviderSpec provider)
        {
            var row = spec.FullyQualifiedTypeName;
            var sink = provider.SinkTypeName + "<" + row + ">";
            var sinkReference = $"<see cref=\"{provider.SinkTypeName}{{T}}\"/>";
            var destination = provider.Destination is { } d ? " " + Xml(d) : " through " + sinkReference;
            foreach (var factory in provider.Factories)
            {
                var parameters = factory.Parameters;
                writer.WriteLine();
                writer.WriteLine($"/// <summary>Creates a flow that writes <see cref=\"{row}\"/> rows{destination}.</summary>");
                foreach (var parameter in parameters.Where(static p => !p.IsTable))
                {
                    var doc = parameter.Documentation is { Length: > 0 } text ? Xml(text) : $"Passed to the constructor of {sinkReference}.";
                    writer.WriteLine($"/// <param name=\"{parameter.Name}\">{doc}</param>");
                }

                writer.WriteLine($"/// <param name=\"options\">Settings; null for the {Xml(provider.DisplayName)} provider's defaults.</param>");

                var declared = parameters
                    .Where(static p => !p.IsTable)
                    .Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, p.TypeTemplate, row) + " " + Identifier(p.Name)
                        + (p.DefaultValue is { } value ? " = " + value : ""))
                    .Concat(s_optionsParameter);

                var arguments = parameters.Select(static p => p.IsTable ? "Table" : Identifier(p.Name));
                writer.WriteLine($"public static {spec.FlowName} {provider.FactoryName}({string.Join(", ", declared)})");
                writer.WriteLine($"    => new {spec.FlowName}(new {sink}({string.Join(", ", arguments)}), options);");
            }
        }

        private static string Identifier(string name)
            => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? name : "@" + name;
    }
}
