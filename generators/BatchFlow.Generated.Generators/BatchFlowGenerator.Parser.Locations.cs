using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using BatchFlow.Generators.Diagnostics;
using BatchFlow.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private sealed partial class Parser
    {
        private Location? AttributeLocation(AttributeData attribute)
            => attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation();

        /// <summary>The location of one argument of an attribute, found by name or position; the attribute itself when absent.</summary>
        private Location? GetArgumentLocation(AttributeData attribute, int position, string parameterName)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is not AttributeSyntax syntax)
            {
                return null;
            }

            var index = 0;
            foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
            {
                if (argument.NameEquals is not null)
                {
                    continue;
                }

                if (argument.NameColon is { } nameColon
                    ? nameColon.Name.Identifier.ValueText == parameterName
                    : index == position)
                {
                    return argument.GetLocation();
                }

                index++;
            }

            return syntax.GetLocation();
        }

        private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
            => _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, messageArgs));
    }
}
