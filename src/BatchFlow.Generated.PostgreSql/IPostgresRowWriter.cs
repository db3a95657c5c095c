using Npgsql;

namespace BatchFlow.PostgreSql;

/// <summary>
/// Writes one row's values into a binary COPY, column by column in <see cref="TableDescription{T}.Columns"/> order,
/// with typed <see cref="NpgsqlBinaryImporter.Write{T}(T, NpgsqlTypes.NpgsqlDbType)"/> calls and
/// <see cref="NpgsqlBinaryImporter.WriteNull"/>: no boxing, no per-row allocation. The generator implements it as a
/// stateless singleton per row type; its presence in a compilation is how the generator knows that the PostgreSQL
/// provider is referenced. The sink starts each row (<see cref="NpgsqlBinaryImporter.StartRow"/>) before calling it.
/// </summary>
/// <remarks>
/// Every column is written with the <see cref="NpgsqlTypes.NpgsqlDbType"/> that <see cref="PostgresTypes.DbType"/>
/// names for its <see cref="ColumnType"/>, except <see cref="ColumnType.DateTime"/> columns, whose type
/// (<c>timestamp</c> or <c>timestamptz</c>) only the database knows: those are written with
/// <c>columns[ordinal]</c>. docs/adr/0003-postgresql-write-path.md lists the exact call per column type.
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public interface IPostgresRowWriter<T>
{
    /// <summary>Writes every column of <paramref name="row"/>, in <see cref="TableDescription{T}.Columns"/> order.</summary>
    /// <param name="row">The row.</param>
    /// <param name="importer">The COPY in progress; the current row has been started.</param>
    /// <param name="columns">The type to write each column with, as read from the database once per flow.</param>
    void Write(in T row, NpgsqlBinaryImporter importer, PostgresColumnTypes columns);
}
