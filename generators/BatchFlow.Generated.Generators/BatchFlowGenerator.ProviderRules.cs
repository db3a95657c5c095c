using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatchFlow.Generators.Diagnostics;
using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    /// <summary>
    /// The validation stage that sees a table's names and the referenced providers together: a provider's own limits
    /// (PostgreSQL keeps 63 bytes of a name) apply only in projects that reference that provider.
    /// </summary>
    private static class ProviderRules
    {
        public static EquatableArray<DiagnosticInfo> Check(EquatableArray<NameSite> names, ProviderEnvironment environment)
        {
            List<DiagnosticInfo>? found = null;
            foreach (var site in names)
            {
                var bytes = Encoding.UTF8.GetByteCount(site.Name);
                foreach (var provider in environment.Providers)
                {
                    if (provider.MaxIdentifierBytes == 0 || bytes <= provider.MaxIdentifierBytes)
                    {
                        continue;
                    }

                    var problem = string.Format(
                        CultureInfo.InvariantCulture,
                        "it is {0} bytes long in UTF-8, and {1} cuts names after {2} bytes without a word",
                        bytes,
                        provider.DisplayName,
                        provider.MaxIdentifierBytes);
                    var display = SymbolDisplay.FormatLiteral(site.Name, quote: false);
                    (found ??= new List<DiagnosticInfo>()).Add(site.MemberName is null
                        ? new DiagnosticInfo(DiagnosticDescriptors.InvalidTableName, site.Location, new EquatableArray<string>(new[] { display, problem }))
                        : new DiagnosticInfo(DiagnosticDescriptors.InvalidColumnName, site.Location, new EquatableArray<string>(new[] { display, site.MemberName, problem })));
                    break;
                }
            }

            return found is null ? EquatableArray<DiagnosticInfo>.Empty : new EquatableArray<DiagnosticInfo>(found.ToArray());
        }
    }
}
