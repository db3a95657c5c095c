using System.Globalization;
using BatchFlow.Generators.Model;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private static partial class Emitter
    {
        /// <summary>
        /// The one provider-neutral row writer: a typed call per column, in column order, to whatever
        /// <c>IColumnWriter</c> struct a provider passes. Every null, of a <c>Nullable&lt;T&gt;</c> or of a reference,
        /// is an explicit <c>WriteNull</c>; an enum goes through the method of its underlying type.
        /// </summary>
        private static void EmitRowWriter(SourceWriter writer, TableSpec spec)
        {
            var row = spec.FullyQualifiedTypeName;
            writer.WriteLines($$"""

                /// <summary>Hands each column of a <see cref="{{row}}"/> to a provider's column writer, in column order.</summary>
                private sealed class RowWriter : global::BatchFlow.IRowWriter<{{row}}>
                {
                    public static readonly RowWriter Instance = new RowWriter();

                    public void Write<TWriter>(in {{row}} row, ref TWriter writer)
                        where TWriter : struct, global::BatchFlow.IColumnWriter
                    {
                """);
            writer.Indent();
            writer.Indent();
            for (var i = 0; i < spec.Columns.Count; i++)
            {
                var column = spec.Columns[i];
                var access = "row." + Member(column);

                // Reference types are checked too: a null the annotations did not declare still becomes NULL,
                // and the database, not a NullReferenceException, decides whether the column takes it.
                if (column.IsNullableValueType || !IsValueKind(column.Kind))
                {
                    // Pattern variables outlive their if statement, so each column gets its own name.
                    var value = "value" + i.ToString(CultureInfo.InvariantCulture);
                    writer.WriteLine($"if ({access} is {{ }} {value}) {ColumnWrite(column, value)} else writer.WriteNull();");
                }
                else
                {
                    writer.WriteLine(ColumnWrite(column, access));
                }
            }

            writer.CloseBlock();
            writer.CloseBlock();
        }

        private static bool IsValueKind(ColumnKind kind) => kind is not (ColumnKind.String or ColumnKind.Binary);

        /// <summary>The call that writes one non-null value.</summary>
        private static string ColumnWrite(ColumnSpec column, string value)
        {
            var method = column.Kind == ColumnKind.Binary ? "WriteBytes" : "Write" + column.Kind;
            var cast = column.IsEnum ? "(" + UnderlyingKeyword(column.Kind) + ")" : "";
            return $"writer.{method}({cast}{value});";
        }

        private static string UnderlyingKeyword(ColumnKind kind) => kind switch
        {
            ColumnKind.Byte => "byte",
            ColumnKind.SByte => "sbyte",
            ColumnKind.Int16 => "short",
            ColumnKind.UInt16 => "ushort",
            ColumnKind.Int32 => "int",
            ColumnKind.UInt32 => "uint",
            ColumnKind.Int64 => "long",
            ColumnKind.UInt64 => "ulong",
            _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "An enum's underlying type is an integer."),
        };
    }
}
