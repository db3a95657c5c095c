using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql;

/// <summary>One column of the target table as the catalog describes it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeName">The type's <c>pg_type.typname</c> (a domain's base type), e.g. <c>int8</c>, <c>timestamptz</c>.</param>
/// <param name="DeclaredType">The type as SQL writes it, for messages, e.g. <c>bigint</c>, <c>character varying(20)</c>.</param>
/// <param name="IsGenerated">Whether the column is <c>GENERATED ALWAYS AS (…) STORED</c>.</param>
/// <param name="IsIdentityAlways">Whether the column is <c>GENERATED ALWAYS AS IDENTITY</c>, which refuses written values.</param>
internal readonly record struct CatalogColumn(string Name, string TypeName, string DeclaredType, bool IsGenerated, bool IsIdentityAlways = false);

/// <summary>
/// Everything a sink sends for one table, decided once per flow from the table description and the table's real
/// columns: the type of every column, the COPY statement and, for upserts, the staging and merge statements.
/// </summary>
internal sealed class PostgresTablePlan
{
    private PostgresTablePlan(PostgresColumnTypes types, string copy, string? createStaging, string? merge, string? directCopy = null)
    {
        Types = types;
        Copy = copy;
        CreateStaging = createStaging;
        Merge = merge;
        DirectCopy = directCopy;
    }

    /// <summary>The type each column is written with.</summary>
    public PostgresColumnTypes Types { get; }

    /// <summary>The COPY that receives the rows: into the table (<see cref="Conflict.None"/>) or into the staging table.</summary>
    public string Copy { get; }

    /// <summary>Creates the session's staging table; null for <see cref="Conflict.None"/>.</summary>
    public string? CreateStaging { get; }

    /// <summary>Moves the staged rows into the table with the conflict clause; null for <see cref="Conflict.None"/>.</summary>
    public string? Merge { get; }

    /// <summary>
    /// For <see cref="Conflict.Ignore"/>, the COPY straight into the table tried before the staging path (see
    /// <see cref="DirectCopyPolicy"/>); null for the other modes, whose merge must see every row.
    /// </summary>
    public string? DirectCopy { get; }

    /// <summary>Reads the table's columns and builds its plan.</summary>
    /// <exception cref="BatchSchemaException">The table is missing, or its columns do not fit the row type.</exception>
    public static async Task<PostgresTablePlan> LoadAsync(NpgsqlConnection connection, TableShape shape, CancellationToken cancellationToken)
    {
        var (table, conflict, columns) = (shape.Name, shape.Conflict, shape.Columns);
        var catalog = new List<CatalogColumn>();
        await using (var command = new NpgsqlCommand(PostgresSql.CatalogQuery, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = PostgresSql.Quote(table) });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                catalog.Add(new CatalogColumn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4)));
            }
        }

        var directCopy = conflict == Conflict.Ignore && catalog.Count > 0
            && await CanCopyDirectlyAsync(connection, table, columns, cancellationToken).ConfigureAwait(false);
        return Create(table, conflict, columns, catalog, directCopy);
    }

    private static async Task<bool> CanCopyDirectlyAsync(NpgsqlConnection connection, string table, IReadOnlyList<ColumnDescription> columns, CancellationToken cancellationToken)
    {
        var keys = columns.Where(static c => c.IsKey).Select(static c => c.Name).ToArray();
        await using var command = new NpgsqlCommand(PostgresSql.DirectCopyQuery, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = PostgresSql.Quote(table) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = keys });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>Builds the plan from the table's catalog columns.</summary>
    /// <exception cref="BatchSchemaException">The table is missing, or its columns do not fit the row type.</exception>
    /// <param name="table">The table name.</param>
    /// <param name="conflict">The conflict mode.</param>
    /// <param name="columns">The written columns.</param>
    /// <param name="catalog">The table's columns as the catalog describes them.</param>
    /// <param name="directCopy">For <see cref="Conflict.Ignore"/>: whether a plain COPY may be tried first (<see cref="PostgresSql.DirectCopyQuery"/>).</param>
    public static PostgresTablePlan Create(string table, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IReadOnlyList<CatalogColumn> catalog, bool directCopy = false)
    {
        if (catalog.Count == 0)
        {
            throw new BatchSchemaException(
                $"Table {PostgresSql.Quote(table)} was not found in the database the data source connects to (looked up through search_path); create it before writing to it.");
        }

        var byName = new Dictionary<string, CatalogColumn>(StringComparer.Ordinal);
        foreach (var column in catalog)
        {
            byName[column.Name] = column;
        }

        var types = new NpgsqlDbType[columns.Count];
        var problems = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            types[i] = PostgresTypes.DbType(column.Type);
            if (!byName.Remove(column.Name, out var actual))
            {
                Problem(problems, $"it has no column {PostgresSql.Quote(column.Name)} (member {column.MemberName})");
                continue;
            }

            if (actual.IsGenerated)
            {
                Problem(problems, $"column {PostgresSql.Quote(column.Name)} is generated and cannot be written (member {column.MemberName}; mark it [BatchIgnore])");
                continue;
            }

            if (actual.IsIdentityAlways)
            {
                Problem(problems, $"column {PostgresSql.Quote(column.Name)} is GENERATED ALWAYS AS IDENTITY and refuses written values (member {column.MemberName}; declare it GENERATED BY DEFAULT, or mark the member [BatchIgnore])");
                continue;
            }

            if (!PostgresTypes.AcceptedTypes(column.Type).Contains(actual.TypeName))
            {
                Problem(problems, string.Create(CultureInfo.InvariantCulture,
                    $"column {PostgresSql.Quote(column.Name)} is {actual.DeclaredType}, but member {column.MemberName} ({Describe(column)}) is copied as {PostgresTypes.TypeName(column.Type)}"));
                continue;
            }

            if (column.Type == ColumnType.DateTime)
            {
                types[i] = PostgresTypes.DateTimeDbType(actual.TypeName) ?? types[i];
            }
            else if (column.Type == ColumnType.String)
            {
                types[i] = PostgresTypes.StringDbType(actual.TypeName);
            }
        }

        if (problems.Length > 0)
        {
            throw new BatchSchemaException(
                $"Table {PostgresSql.Quote(table)} does not fit the rows written to it: {problems}. Binary COPY sends each value in its column type's format, so the types must match (see PostgresTypes.TypeName).");
        }

        var columnTypes = new PostgresColumnTypes(types);
        if (conflict == Conflict.None)
        {
            return new PostgresTablePlan(columnTypes, PostgresSql.CopyIntoTable(table, columns), null, null);
        }

        // What Replace resets to its default: the table's other columns, in the catalog's order.
        var unwritten = new List<string>();
        foreach (var rest in catalog)
        {
            if (byName.ContainsKey(rest.Name) && !rest.IsGenerated)
            {
                unwritten.Add(rest.Name);
            }
        }

        return new PostgresTablePlan(
            columnTypes,
            PostgresSql.CopyIntoStaging(columns),
            PostgresSql.CreateStaging(table, columns),
            PostgresSql.Merge(table, conflict, columns, unwritten),
            conflict == Conflict.Ignore && directCopy ? PostgresSql.CopyIntoTable(table, columns) : null);
    }

    private static string Describe(ColumnDescription column) =>
        column.IsEnum ? $"an enum over {column.Type}" : column.Type.ToString();

    private static void Problem(StringBuilder problems, string problem) =>
        problems.Append(problems.Length == 0 ? "" : "; ").Append(problem);
}
