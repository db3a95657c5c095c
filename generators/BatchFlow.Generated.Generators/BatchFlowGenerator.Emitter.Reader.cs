using System.Collections.Generic;
using System.Globalization;
using BatchFlow.Generators.Model;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private static partial class Emitter
    {
        /// <summary>
        /// The inverse of the row writer: one typed call per column, in column order, to whatever <c>IColumnReader</c>
        /// struct a source passes, then the row built from the values. Every member the writer may write null for (a
        /// <c>Nullable&lt;T&gt;</c> or any reference) asks <c>ReadNull</c> first, so a row read back is the row written.
        /// </summary>
        private static void EmitRowReader(SourceWriter writer, TableSpec spec)
        {
            var row = spec.FullyQualifiedTypeName;
            writer.WriteLines($$"""

                /// <summary>Rebuilds a <see cref="{{row}}"/> from its column values, read in column order.</summary>
                private sealed class RowReader : global::BatchFlow.IRowReader<{{row}}>
                {
                    public static readonly RowReader Instance = new RowReader();

                    public {{row}} Read<TReader>(ref TReader reader)
                        where TReader : struct, global::BatchFlow.IColumnReader
                    {
                """);
            writer.Indent();
            writer.Indent();

            // Every value is read into a local first: columns are in member order, which is not always the order of
            // the constructor's parameters, and the reader must be called in column order.
            for (var i = 0; i < spec.Columns.Count; i++)
            {
                var column = spec.Columns[i];
                writer.WriteLine($"{column.MemberTypeName} {Local(i)} = {ColumnRead(column)};");
            }

            var arguments = new List<string>();
            foreach (var argument in spec.ConstructorArguments)
            {
                arguments.Add(argument < 0 ? "default!" : Local(argument));
            }

            var creation = $"return new {row}({string.Join(", ", arguments)})";
            var initialized = new List<string>();
            for (var i = 0; i < spec.Columns.Count; i++)
            {
                if (spec.Columns[i].IsSetInInitializer)
                {
                    initialized.Add($"{Member(spec.Columns[i])} = {Local(i)},");
                }
            }

            if (initialized.Count == 0)
            {
                writer.WriteLine(creation + ";");
            }
            else
            {
                writer.WriteLine(creation);
                writer.OpenBlock();
                foreach (var assignment in initialized)
                {
                    writer.WriteLine(assignment);
                }

                writer.CloseBlock(";");
            }

            writer.CloseBlock();
            writer.CloseBlock();
        }

        private static string Local(int column) => "value" + column.ToString(CultureInfo.InvariantCulture);

        /// <summary>The expression that reads one column's value, null included.</summary>
        private static string ColumnRead(ColumnSpec column)
        {
            var method = column.Kind == ColumnKind.Binary ? "ReadBytes" : "Read" + column.Kind;

            // The enum itself, without the '?' of a Nullable<TEnum>: the integer converts to it exactly.
            var cast = column.IsEnum ? "(" + column.MemberTypeName.TrimEnd('?') + ")" : "";
            var read = $"{cast}reader.{method}()";
            if (column.IsNullableValueType)
            {
                return $"reader.ReadNull() ? null : {read}";
            }

            if (IsValueKind(column.Kind))
            {
                return read;
            }

            // The writer writes null for a reference whatever its annotation says, so the reader gives it back; a
            // member declared non-null takes it as the writer found it.
            var nullValue = column.MemberTypeName.EndsWith("?", System.StringComparison.Ordinal) ? "null" : "null!";
            return $"reader.ReadNull() ? {nullValue} : {read}";
        }
    }
}
