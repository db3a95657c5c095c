using BatchFlow.Generators.Model;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private static partial class Emitter
    {
        /// <summary>The <c>Sqlite</c> factory and the row writer that binds each column through <c>SqliteRowBinder</c>.</summary>
        private static void EmitSqlite(SourceWriter writer, TableSpec spec)
        {
            var row = spec.FullyQualifiedTypeName;
            writer.WriteLines($$"""

                /// <summary>Creates a flow that writes <see cref="{{row}}"/> rows into a SQLite database.</summary>
                /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, such as <c>Data Source=app.db</c>.</param>
                /// <param name="options">Settings; null for the SQLite provider's defaults.</param>
                public static {{spec.FlowName}} Sqlite(string connectionString, global::BatchFlow.BatchFlowOptions? options = null)
                    => new {{spec.FlowName}}(new global::BatchFlow.Sqlite.SqliteBatchSink<{{row}}>(connectionString, Table, SqliteWriter.Instance), options);

                private sealed class SqliteWriter : global::BatchFlow.Sqlite.ISqliteRowWriter<{{row}}>
                {
                    public static readonly SqliteWriter Instance = new SqliteWriter();

                    public void Write(in {{row}} row, ref global::BatchFlow.Sqlite.SqliteRowBinder binder)
                    {
                """);
            writer.Indent();
            writer.Indent();
            // A null string or byte[] binds as NULL by itself; only Nullable<T> needs the check.
            EmitColumnWrites(writer, spec, static column => column.IsNullableValueType, static (column, _, value) => SqliteWrite(column, value), "binder.WriteNull();");

            writer.CloseBlock();
            writer.CloseBlock();
        }

        /// <summary>The bind call of one non-null value; integers widen to 64 bits, enums are cast to their integer value.</summary>
        private static string SqliteWrite(ColumnSpec column, string value)
        {
            var method = column.Kind switch
            {
                ColumnKind.Boolean => "WriteBoolean",
                ColumnKind.SByte or ColumnKind.Byte or ColumnKind.Int16 or ColumnKind.UInt16
                    or ColumnKind.Int32 or ColumnKind.UInt32 or ColumnKind.Int64 => "WriteInt64",
                ColumnKind.UInt64 => "WriteUInt64",
                ColumnKind.Single or ColumnKind.Double => "WriteDouble",
                ColumnKind.Decimal => "WriteDecimal",
                ColumnKind.String => "WriteString",
                ColumnKind.Char => "WriteChar",
                ColumnKind.Guid => "WriteGuid",
                ColumnKind.DateTime => "WriteDateTime",
                ColumnKind.DateTimeOffset => "WriteDateTimeOffset",
                ColumnKind.DateOnly => "WriteDateOnly",
                ColumnKind.TimeOnly => "WriteTimeOnly",
                ColumnKind.TimeSpan => "WriteTimeSpan",
                ColumnKind.Binary => "WriteBytes",
                _ => throw new System.ArgumentOutOfRangeException(nameof(column), column.Kind, "No SQLite bind call for this column type."),
            };

            if (column.IsEnum)
            {
                value = (column.Kind == ColumnKind.UInt64 ? "(ulong)" : "(long)") + value;
            }

            return $"binder.{method}({value});";
        }
    }
}
