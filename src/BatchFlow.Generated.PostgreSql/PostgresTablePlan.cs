using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql;

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

    /// <summary>
    /// Reads the table from the catalog (<see cref="PostgresCatalog"/>, the query schema snapshots are read with) and
    /// builds its plan.
    /// </summary>
    /// <exception cref="BatchSchemaException">The table is missing, or its columns do not fit the row type.</exception>
    public static async Task<PostgresTablePlan> LoadAsync(NpgsqlConnection connection, TableShape shape, CancellationToken cancellationToken)
    {
        var (tables, _) = await PostgresCatalog.ReadAsync(connection, [shape.Name], serverVersion: false, cancellationToken).ConfigureAwait(false);
        var table = tables.Count == 1 ? tables[0] : null;
        var directCopy = shape.Conflict == Conflict.Ignore && table is not null && CanCopyDirectly(table, shape.KeyColumns);
        return Create(shape.Name, shape.Conflict, shape.Columns, table?.Columns ?? [], directCopy, found: table is not null);
    }

    /// <summary>
    /// Whether a plain COPY into the table can stand in for <c>INSERT … ON CONFLICT (key) DO NOTHING</c>: no row-level
    /// security in force (COPY FROM refuses it), and a unique index that is neither partial nor deferrable on exactly
    /// the key columns, so that a stored key makes the COPY fail instead of adding a second row.
    /// </summary>
    internal static bool CanCopyDirectly(PostgresCatalogTable table, IReadOnlyList<ColumnDescription> keys)
    {
        if (table.RowSecurityBlocksCopy)
        {
            return false;
        }

        var keyNames = keys.Select(static k => k.Name).ToHashSet(StringComparer.Ordinal);
        return table.Schema.Indexes.Any(index =>
            index.CanDecideConflicts && index.Columns.Count == keyNames.Count && index.Columns.All(keyNames.Contains));
    }

    /// <summary>Builds the plan from the table's catalog columns.</summary>
    /// <exception cref="BatchSchemaException">The table is missing, or its columns do not fit the row type.</exception>
    /// <param name="table">The table name.</param>
    /// <param name="conflict">The conflict mode.</param>
    /// <param name="columns">The written columns.</param>
    /// <param name="catalog">The table's columns as the catalog describes them.</param>
    /// <param name="directCopy">For <see cref="Conflict.Ignore"/>: whether a plain COPY may be tried first (<see cref="CanCopyDirectly"/>).</param>
    /// <param name="found">Whether the table exists (a table can exist without columns); null: it does when it has columns.</param>
    public static PostgresTablePlan Create(string table, Conflict conflict, IReadOnlyList<ColumnDescription> columns, IReadOnlyList<CatalogColumn> catalog, bool directCopy = false, bool? found = null)
    {
        if (!(found ?? catalog.Count > 0))
        {
            throw new BatchSchemaException(
                $"Table {PostgresSql.Quote(table)} was not found in the database the data source connects to (looked up through search_path, as an ordinary or partitioned table); create it before writing to it.");
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

            // The same list a schema snapshot records as the column's accepts.
            if (!PostgresTypes.ColumnTypesInto(actual.TypeName).Contains(column.Type))
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
