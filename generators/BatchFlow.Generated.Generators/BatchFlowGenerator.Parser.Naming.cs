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
        /// <summary>snake_case of a member name: <c>CreatedAt</c> → <c>created_at</c>, <c>HTTPCode</c> → <c>http_code</c>.</summary>
        private static string ToSnakeCase(string name)
        {
            var builder = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (!char.IsUpper(c))
                {
                    builder.Append(c);
                    continue;
                }

                if (i > 0 && name[i - 1] != '_')
                {
                    var previous = name[i - 1];
                    var endsAcronym = char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (char.IsLower(previous) || char.IsDigit(previous) || endsAcronym)
                    {
                        builder.Append('_');
                    }
                }

                builder.Append(char.ToLowerInvariant(c));
            }

            return builder.ToString();
        }

        /// <summary>Why a table or column name cannot be used, or null when it can.</summary>
        private static string? CheckName(string? name)
        {
            if (name is null || string.IsNullOrWhiteSpace(name))
            {
                return "it is empty or only whitespace";
            }

            if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[name.Length - 1]))
            {
                return "it starts or ends with whitespace";
            }

            if (name.Any(char.IsControl))
            {
                return "it contains a control character";
            }

            // Length limits belong to a database: ProviderRules checks them for the providers the project references.
            return null;
        }

        /// <summary>A name as a message shows it: control characters escaped, so that the message stays one readable line.</summary>
        private static string Display(string? name) => name is null ? "" : SymbolDisplay.FormatLiteral(name, quote: false);
    }
}
