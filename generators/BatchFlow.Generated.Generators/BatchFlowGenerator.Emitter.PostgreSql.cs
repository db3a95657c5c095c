using System.Globalization;
using BatchFlow.Generators.Model;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    private static partial class Emitter
    {
        private const string NpgsqlDbType = "global::NpgsqlTypes.NpgsqlDbType";

        /// <summary>
        /// The <c>Postgres</c> factory and the row writer that makes one typed <c>NpgsqlBinaryImporter.Write</c> or
        /// <c>WriteNull</c> call per column, as docs/adr/0003-postgresql-write-path.md lists them.
        /// </summary>
        private static void EmitPostgres(SourceWriter writer, TableSpec spec)
        {
            var row = spec.FullyQualifiedTypeName;
            writer.WriteLines($$"""

                /// <summary>Creates a flow that writes <see cref="{{row}}"/> rows into PostgreSQL with binary COPY.</summary>
                /// <param name="dataSource">Where connections come from. The flow does not own it: dispose it after the flow.</param>
                /// <param name="options">Settings; null for the PostgreSQL provider's defaults.</param>
                public static {{spec.FlowName}} Postgres(global::Npgsql.NpgsqlDataSource dataSource, global::BatchFlow.BatchFlowOptions? options = null)
                    => new {{spec.FlowName}}(new global::BatchFlow.PostgreSql.PostgresBatchSink<{{row}}>(dataSource, Table, PostgresWriter.Instance), options);

                private sealed class PostgresWriter : global::BatchFlow.PostgreSql.IPostgresRowWriter<{{row}}>
                {
                    public static readonly PostgresWriter Instance = new PostgresWriter();

                    public void Write(in {{row}} row, global::Npgsql.NpgsqlBinaryImporter importer, global::BatchFlow.PostgreSql.PostgresColumnTypes columns)
                    {
                """);
            writer.Indent();
            writer.Indent();
            // One form for Nullable<T> and nullable references: every null is an explicit WriteNull.
            EmitColumnWrites(writer, spec, static column => column.IsNullable, PostgresWrite, "importer.WriteNull();");

            writer.CloseBlock();
            writer.CloseBlock();
        }

        /// <summary>
        /// The write call of one non-null value. Each value is passed as the CLR type Npgsql maps to the column's
        /// <c>NpgsqlDbType</c> by default, so casts widen what PostgreSQL lacks and turn an enum into its written
        /// integer; a <see cref="ColumnKind.DateTime"/> or <see cref="ColumnKind.String"/> goes with the type the sink
        /// read from the table (timestamp or timestamptz; text, or jsonb with its own binary format).
        /// </summary>
        private static string PostgresWrite(ColumnSpec column, int ordinal, string value)
        {
            var isEnum = column.IsEnum;
            (string Cast, string? DbType) call = column.Kind switch
            {
                ColumnKind.Boolean => ("", "Boolean"),
                ColumnKind.Byte or ColumnKind.SByte => ("(short)", "Smallint"),
                ColumnKind.Int16 => (isEnum ? "(short)" : "", "Smallint"),
                ColumnKind.UInt16 => ("(int)", "Integer"),
                ColumnKind.Int32 => (isEnum ? "(int)" : "", "Integer"),
                ColumnKind.UInt32 => ("(long)", "Bigint"),
                ColumnKind.Int64 => (isEnum ? "(long)" : "", "Bigint"),
                ColumnKind.UInt64 => (isEnum ? "(decimal)(ulong)" : "(decimal)", "Numeric"),
                ColumnKind.Single => ("", "Real"),
                ColumnKind.Double => ("", "Double"),
                ColumnKind.Decimal => ("", "Numeric"),
                ColumnKind.String => ("", null),
                ColumnKind.Char => ("", "Char"),
                ColumnKind.Guid => ("", "Uuid"),
                ColumnKind.DateTime => ("", null),
                ColumnKind.DateTimeOffset => ("", "TimestampTz"),
                ColumnKind.DateOnly => ("", "Date"),
                ColumnKind.TimeOnly => ("", "Time"),
                ColumnKind.TimeSpan => ("", "Interval"),
                ColumnKind.Binary => ("", "Bytea"),
                _ => throw new System.ArgumentOutOfRangeException(nameof(column), column.Kind, "No PostgreSQL write call for this column type."),
            };

            // Npgsql writes a timestamptz only from offset 0; the instant is kept.
            var expression = column.Kind == ColumnKind.DateTimeOffset ? value + ".ToUniversalTime()" : call.Cast + value;
            var type = call.DbType is null
                ? "columns[" + ordinal.ToString(CultureInfo.InvariantCulture) + "]"
                : NpgsqlDbType + "." + call.DbType;
            return $"importer.Write({expression}, {type});";
        }
    }
}
