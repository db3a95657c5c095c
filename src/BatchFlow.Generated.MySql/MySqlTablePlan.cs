using System.Numerics;
using System.Text;
using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>How a sink writes its batches.</summary>
internal enum MySqlWritePath
{
    /// <summary><c>LOAD DATA LOCAL INFILE</c> from the batch's escaped text (a batch of one row is an INSERT).</summary>
    Load,

    /// <summary>Prepared multi-row <c>INSERT</c>s: when LOAD DATA LOCAL is not allowed by the client or the server.</summary>
    Insert,
}

/// <summary>
/// Everything a sink sends for one table, decided once per flow from the table description, the server and the table's
/// real columns: how each column's values are written, the write path, and the statements of each conflict mode.
/// </summary>
internal sealed class MySqlTablePlan
{
    /// <summary>The most parameters a prepared statement can have.</summary>
    internal const int MaxParameters = 65_535;

    /// <summary>The most rows in one prepared INSERT (a power of two; fewer for wide tables, see <see cref="MaxRowsPerInsert"/>).</summary>
    internal const int MaxInsertRows = 1_024;

    private MySqlTablePlan(TableShape table, MySqlServer server, MySqlColumnFormat[] formats, IReadOnlyList<string> unwritten, MySqlWritePath path)
    {
        Table = table;
        Server = server;
        Formats = formats;
        Unwritten = unwritten;
        Path = path;
        var target = table.Conflict is Conflict.Update or Conflict.Replace ? MySqlSql.QuotedStaging : MySqlSql.Quote(table.Name);
        LoadTarget = target;
        (LoadColumns, LoadExpressions) = MySqlSql.LoadColumns(table.Columns, formats);
        if (table.Conflict is Conflict.Update or Conflict.Replace)
        {
            CreateStaging = MySqlSql.CreateStaging(table);
            Merge = MySqlSql.Merge(table, unwritten, server.UsesRowAlias);
        }

        // A power of two, so that any row count is a sum of few distinct statement sizes (few prepared statements).
        MaxRowsPerInsert = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Min(MaxInsertRows, MaxParameters / table.Columns.Count) + 1) / 2;
        MaxRowsPerStatement = MaxParameters / table.Columns.Count;
    }

    public TableShape Table { get; }

    public MySqlServer Server { get; }

    /// <summary>How each column's values are written, in column order.</summary>
    public MySqlColumnFormat[] Formats { get; }

    /// <summary>The table's columns the row type does not write and <see cref="Conflict.Replace"/> resets to their default.</summary>
    public IReadOnlyList<string> Unwritten { get; }

    public MySqlWritePath Path { get; }

    /// <summary>The quoted table LOAD DATA loads into: the table (<see cref="Conflict.None"/>, <see cref="Conflict.Ignore"/>) or the staging table.</summary>
    public string LoadTarget { get; }

    public List<string> LoadColumns { get; }

    public List<string> LoadExpressions { get; }

    /// <summary>Creates the session's staging table; null unless the mode is Update or Replace.</summary>
    public string? CreateStaging { get; }

    /// <summary>Moves the staged rows into the table; null unless the mode is Update or Replace.</summary>
    public string? Merge { get; }

    /// <summary>The most rows one INSERT statement holds: a power of two, at most 1,024 and at most 65,535 parameters.</summary>
    public int MaxRowsPerInsert { get; }

    /// <summary>
    /// The most rows any one INSERT statement holds: as many as 65,535 parameters allow. Statements of a size that is not
    /// a power of two are prepared only for batch sizes that recur (<see cref="MySqlSession.RowsPerStatement"/>).
    /// </summary>
    public int MaxRowsPerStatement { get; }

    /// <summary>The largest execute packet the INSERT path builds: <c>max_allowed_packet</c> less room for the packet's own header.</summary>
    public long PacketBudget => Math.Max(1024, Server.MaxAllowedPacket - 1024);

    /// <summary>The same plan with another write path.</summary>
    public MySqlTablePlan WithPath(MySqlWritePath path) => new(Table, Server, Formats, Unwritten, path);

    /// <summary>The INSERT statement of <paramref name="rows"/> rows.</summary>
    public string Insert(int rows) => MySqlSql.Insert(Table, rows, Unwritten, Server.UsesRowAlias);

    /// <summary>
    /// Reads the server and the table (<see cref="MySqlCatalog"/>, the query schema snapshots are read with) and builds
    /// the plan.
    /// </summary>
    /// <exception cref="BatchSchemaException">No database is selected, the table is missing, or its columns do not fit the row type.</exception>
    public static async Task<MySqlTablePlan> LoadAsync(MySqlConnection connection, TableShape table, CancellationToken cancellationToken)
    {
        var read = await MySqlCatalog.ReadAsync(connection, [table.Name], cancellationToken).ConfigureAwait(false);
        if (read.Database is null)
        {
            throw new BatchSchemaException(
                $"Table {MySqlSql.Quote(table.Name)} cannot be looked up: the connection has no current database. Name one in the connection string (Database=…).");
        }

        var clientAllows = new MySqlConnectionStringBuilder(connection.ConnectionString).AllowLoadLocalInfile;
        var path = read.Server.LocalInfile && clientAllows ? MySqlWritePath.Load : MySqlWritePath.Insert;
        IReadOnlyList<CatalogColumn> found = read.Tables.Count == 1 ? read.Tables[0].Columns : [];
        return Create(table, read.Server, found, path, read.Database);
    }

    /// <summary>Builds the plan from the table's catalog columns.</summary>
    /// <exception cref="BatchSchemaException">The table is missing, or its columns do not fit the row type.</exception>
    public static MySqlTablePlan Create(TableShape table, MySqlServer server, IReadOnlyList<CatalogColumn> catalog, MySqlWritePath path, string database = "the current database")
    {
        if (catalog.Count == 0)
        {
            throw new BatchSchemaException(
                $"Table {MySqlSql.Quote(table.Name)} was not found in database {MySqlSql.Quote(database)} (the connection's current database) as a base table; create it before writing to it.");
        }

        // information_schema compares column names without case, as the server does.
        var byName = new Dictionary<string, CatalogColumn>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in catalog)
        {
            byName[column.Name] = column;
        }

        var formats = new MySqlColumnFormat[table.Columns.Count];
        var problems = new StringBuilder();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            if (!byName.Remove(column.Name, out var actual))
            {
                Problem(problems, $"it has no column {MySqlSql.Quote(column.Name)} (member {column.MemberName})");
                continue;
            }

            if (actual.IsGenerated)
            {
                Problem(problems, $"column {MySqlSql.Quote(column.Name)} is generated and cannot be written (member {column.MemberName}; mark it [BatchIgnore])");
                continue;
            }

            // The same rule a schema snapshot's accepts are read with (MySqlTypes.Accepts).
            if (MySqlTypes.Fit(column.Type, actual, out var problem) is { } format)
            {
                formats[i] = format;
            }
            else
            {
                Problem(problems, $"column {MySqlSql.Quote(column.Name)} {problem}, but member {column.MemberName} is {Describe(column)}");
            }
        }

        if (problems.Length > 0)
        {
            throw new BatchSchemaException(
                $"Table {MySqlSql.Quote(table.Name)} does not fit the rows written to it: {problems}. The flow checks every column before it writes, so that no value is converted, cut or padded by the server (see MySqlTypes).");
        }

        // What Replace resets to its default: the other columns, in the table's order, but generated ones (they
        // recompute) and AUTO_INCREMENT ones (DEFAULT would be 0, not a new number: the stored one is kept).
        var unwritten = new List<string>();
        foreach (var rest in catalog)
        {
            if (byName.ContainsKey(rest.Name) && !rest.IsGenerated && !rest.IsAutoIncrement)
            {
                unwritten.Add(rest.Name);
            }
        }

        return new MySqlTablePlan(table, server, formats, unwritten, path);
    }

    private static string Describe(ColumnDescription column) =>
        column.IsEnum ? $"an enum over {column.Type}" : column.Type.ToString();

    private static void Problem(StringBuilder problems, string problem) =>
        problems.Append(problems.Length == 0 ? "" : "; ").Append(problem);
}
