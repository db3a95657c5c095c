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
        private bool TryGetColumnKind(ITypeSymbol type, out ColumnKind kind, out bool isEnum, out bool isNullableValueType)
        {
            isNullableValueType = false;
            isEnum = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
                isNullableValueType = true;
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
                isEnum = true;
            }

            var found = GetKind(type);
            kind = found.GetValueOrDefault();
            return found.HasValue;
        }

        private ColumnKind? GetKind(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean: return ColumnKind.Boolean;
                case SpecialType.System_Byte: return ColumnKind.Byte;
                case SpecialType.System_SByte: return ColumnKind.SByte;
                case SpecialType.System_Int16: return ColumnKind.Int16;
                case SpecialType.System_UInt16: return ColumnKind.UInt16;
                case SpecialType.System_Int32: return ColumnKind.Int32;
                case SpecialType.System_UInt32: return ColumnKind.UInt32;
                case SpecialType.System_Int64: return ColumnKind.Int64;
                case SpecialType.System_UInt64: return ColumnKind.UInt64;
                case SpecialType.System_Single: return ColumnKind.Single;
                case SpecialType.System_Double: return ColumnKind.Double;
                case SpecialType.System_Decimal: return ColumnKind.Decimal;
                case SpecialType.System_String: return ColumnKind.String;
                case SpecialType.System_Char: return ColumnKind.Char;
                case SpecialType.System_DateTime: return ColumnKind.DateTime;
            }

            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
            {
                return ColumnKind.Binary;
            }

            return Is(type, _symbols.Guid) ? ColumnKind.Guid
                : Is(type, _symbols.DateTimeOffset) ? ColumnKind.DateTimeOffset
                : Is(type, _symbols.DateOnly) ? ColumnKind.DateOnly
                : Is(type, _symbols.TimeOnly) ? ColumnKind.TimeOnly
                : Is(type, _symbols.TimeSpan) ? ColumnKind.TimeSpan
                : null;

            static bool Is(ITypeSymbol type, INamedTypeSymbol? wellKnown)
                => wellKnown is not null && SymbolEqualityComparer.Default.Equals(type, wellKnown);
        }
    }
}
