using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    /// <summary>
    /// Finds the providers a compilation can use: every <c>[assembly: BatchFlowProvider(name, typeof(Sink&lt;&gt;))]</c>
    /// in a referenced assembly or in the compilation itself, with the sink's public constructors that take a
    /// <c>TableDescription&lt;T&gt;</c>. The generator knows no provider by name.
    /// </summary>
    private static class Providers
    {
        internal const string ProviderAttributeName = "BatchFlow.Sinks.BatchFlowProviderAttribute";
        private const string TableDescriptionName = "BatchFlow.TableDescription`1";

        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_definitionFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGenericsOptions(SymbolDisplayGenericsOptions.None);

        public static ProviderEnvironment Find(Compilation compilation)
        {
            var attribute = compilation.GetTypeByMetadataName(ProviderAttributeName);
            var table = compilation.GetTypeByMetadataName(TableDescriptionName);
            if (attribute is null || table is null)
            {
                return ProviderEnvironment.None;
            }

            var found = new List<ProviderSpec>();
            var names = new HashSet<string>();
            var assemblies = new[] { compilation.Assembly }.Concat(compilation.SourceModule.ReferencedAssemblySymbols);
            foreach (var assembly in assemblies)
            {
                foreach (var data in assembly.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute)
                        && Read(data, table) is { } provider
                        && names.Add(provider.FactoryName))
                    {
                        found.Add(provider);
                    }
                }
            }

            // Stable order whatever the reference order, so the emitted text and the cache do not depend on it.
            return new ProviderEnvironment(new EquatableArray<ProviderSpec>(
                found.OrderBy(static p => p.FactoryName, System.StringComparer.Ordinal).ToArray()));
        }

        private static ProviderSpec? Read(AttributeData data, INamedTypeSymbol table)
        {
            if (data.ConstructorArguments.Length != 2
                || data.ConstructorArguments[0].Value is not string factoryName
                || !SyntaxFacts.IsValidIdentifier(factoryName)
                || data.ConstructorArguments[1].Value is not INamedTypeSymbol { IsGenericType: true, TypeParameters.Length: 1 } sink)
            {
                return null;
            }

            string? destination = null, displayName = null;
            var maxBytes = 0;
            foreach (var named in data.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Destination":
                        destination = named.Value.Value as string;
                        break;
                    case "DisplayName":
                        displayName = named.Value.Value as string;
                        break;
                    case "MaxIdentifierBytes":
                        maxBytes = named.Value.Value is int bytes && bytes > 0 ? bytes : 0;
                        break;
                }
            }

            var definition = sink.OriginalDefinition;
            var rowType = definition.TypeParameters[0];
            var factories = new List<FactorySpec>();
            foreach (var constructor in definition.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility == Accessibility.Public && ReadFactory(constructor, rowType, table) is { } factory)
                {
                    factories.Add(factory);
                }
            }

            return new ProviderSpec(
                factoryName,
                displayName ?? factoryName,
                definition.ToDisplayString(s_definitionFormat),
                destination,
                maxBytes,
                new EquatableArray<FactorySpec>(factories.ToArray()));
        }

        private static FactorySpec? ReadFactory(IMethodSymbol constructor, ITypeParameterSymbol rowType, INamedTypeSymbol table)
        {
            var documentation = ParameterDocumentation(constructor);
            var parameters = new List<FactoryParameter>();
            var tables = 0;
            foreach (var parameter in constructor.Parameters)
            {
                var isTable = parameter.Type is INamedTypeSymbol named
                    && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, table)
                    && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], rowType);
                tables += isTable ? 1 : 0;
                if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Name == "options")
                {
                    return null;
                }

                documentation.TryGetValue(parameter.Name, out var doc);
                parameters.Add(new FactoryParameter(
                    parameter.Name,
                    Template(parameter.Type.ToDisplayString(s_typeFormat), rowType.Name),
                    isTable,
                    parameter.HasExplicitDefaultValue ? DefaultLiteral(parameter) : null,
                    doc));
            }

            return tables == 1 ? new FactorySpec(new EquatableArray<FactoryParameter>(parameters.ToArray())) : null;
        }

        /// <summary>The type's text with each mention of the row type parameter replaced by <c>{0}</c>.</summary>
        private static string Template(string type, string typeParameter)
        {
            // Every named type is written global::-qualified, so a bare identifier equal to the type parameter's
            // name, not preceded by '.' or ':', is the type parameter itself.
            var escaped = type.Replace("{", "{{").Replace("}", "}}");
            return Regex.Replace(escaped, @"(?<![\w.:])" + Regex.Escape(typeParameter) + @"(?!\w)", "{0}");
        }

        private static string? DefaultLiteral(IParameterSymbol parameter)
        {
            var value = parameter.ExplicitDefaultValue;
            if (parameter.Type.TypeKind == TypeKind.Enum && value is not null)
            {
                return $"({parameter.Type.ToDisplayString(s_typeFormat)})({System.Convert.ToString(value, CultureInfo.InvariantCulture)})";
            }

            return value switch
            {
                null => parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null",
                string s => SymbolDisplay.FormatLiteral(s, quote: true),
                bool b => b ? "true" : "false",
                char c => SymbolDisplay.FormatLiteral(c, quote: true),
                float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
                double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
                decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
                long or ulong or uint => System.Convert.ToString(value, CultureInfo.InvariantCulture) + (value is long ? "L" : value is ulong ? "UL" : "U"),
                _ => $"({parameter.Type.ToDisplayString(s_typeFormat)})({System.Convert.ToString(value, CultureInfo.InvariantCulture)})",
            };
        }

        /// <summary>The text of each <c>&lt;param&gt;</c> of the constructor's documentation, when the reference carries it.</summary>
        private static Dictionary<string, string> ParameterDocumentation(IMethodSymbol constructor)
        {
            var result = new Dictionary<string, string>();
            var xml = constructor.GetDocumentationCommentXml(expandIncludes: false);
            if (string.IsNullOrWhiteSpace(xml))
            {
                return result;
            }

            try
            {
                foreach (var param in XElement.Parse(xml).Elements("param"))
                {
                    if (param.Attribute("name")?.Value is { } name)
                    {
                        result[name] = PlainText(param);
                    }
                }
            }
            catch (System.Xml.XmlException)
            {
                // Documentation that does not parse is left out; the factory still works.
            }

            return result;
        }

        /// <summary>The element's text, with each <c>&lt;see cref/langword&gt;</c> as the name it points at.</summary>
        private static string PlainText(XElement element)
        {
            var text = new System.Text.StringBuilder();
            foreach (var node in element.DescendantNodes())
            {
                if (node is XText t)
                {
                    text.Append(t.Value);
                }
                else if (node is XElement { Name.LocalName: "see" or "paramref" or "typeparamref" } reference && !reference.Nodes().Any())
                {
                    var target = reference.Attribute("cref")?.Value ?? reference.Attribute("langword")?.Value ?? reference.Attribute("name")?.Value ?? "";
                    var colon = target.IndexOf(':');
                    target = colon >= 0 ? target.Substring(colon + 1) : target;
                    var backtick = target.IndexOf('`');
                    target = backtick >= 0 ? target.Substring(0, backtick) : target;
                    var dot = target.LastIndexOf('.');
                    text.Append(dot >= 0 ? target.Substring(dot + 1) : target);
                }
            }

            return Regex.Replace(text.ToString(), @"\s+", " ").Trim();
        }
    }
}
