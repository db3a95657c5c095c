using System.Globalization;
using System.Text;
using BatchFlow.Sinks;
using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>
/// Writes batches of <typeparamref name="T"/> into MySQL or MariaDB through MySqlConnector. Generated
/// <c>{Type}Flow.MySql(dataSource)</c> factories create it; pass it to <see cref="BatchFlow{T}"/> to use it directly.
/// </summary>
/// <remarks>
/// <para>
/// Every batch is one transaction. Its rows are encoded by the generated writer as LOAD DATA text into a pooled buffer
/// and sent with <c>LOAD DATA LOCAL INFILE</c>: <see cref="Conflict.None"/> and <see cref="Conflict.Ignore"/> load
/// straight into the table, <see cref="Conflict.Update"/> and <see cref="Conflict.Replace"/> batches of more than
/// <see cref="MergeByInsertMaxRows"/> rows into a temporary staging table kept on the connection, then merge it with
/// <c>INSERT … SELECT … ON DUPLICATE KEY UPDATE</c>; smaller upsert batches are prepared multi-row
/// <c>INSERT … ON DUPLICATE KEY UPDATE</c>s. LOAD DATA LOCAL
/// turns data errors and duplicate keys into warnings and goes on, so the sink reads the warnings before it commits:
/// any warning (under Ignore, any but duplicate keys) rolls the batch back and fails it with
/// <see cref="MySqlWarningsException"/>, and the flow splits it. A batch of one row is a prepared <c>INSERT</c>, whose
/// failure is the server's own error for that row. When the connection string lacks <c>AllowLoadLocalInfile=true</c> or
/// the server's <c>local_infile</c> is off, every batch is written with prepared multi-row <c>INSERT</c>s instead
/// (a batch size that recurs as one statement, other row counts as statements of powers of two up to 1,024 rows; at
/// most 65,535 parameters each, and under the server's <c>max_allowed_packet</c>).
/// docs/adr/0008-mysql-write-path.md has the measurements behind this choice.
/// </para>
/// <para>
/// Each connection the sink opens runs in a strict session (<c>sql_mode</c> =
/// <c>STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION</c>, time zone
/// <c>+00:00</c>), so no value is truncated, clamped or zeroed. On its first write the sink reads the server version
/// and the table's columns from <c>information_schema</c> and checks that each column can take its member's values
/// (<see cref="MySqlTypes"/>). It keeps the connections it opened (at most one per concurrent write) between batches,
/// disposes any connection that saw a failure, and gives back to the data source a connection unused for a minute
/// (<see cref="IdleConnectionTimeout"/>).
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class MySqlBatchSink<T> : IBatchSink<T>
{
    /// <summary>
    /// The provider name used in metrics and traces (OpenTelemetry's <c>db.system.name</c>): <c>mysql</c>, for MariaDB
    /// servers too, because the sink is named before it has met its server.
    /// </summary>
    public const string ProviderName = "mysql";

    /// <summary>
    /// 10,000 rows, 100 ms, 2 concurrent writes, chosen by measurement (docs/adr/0008-mysql-write-path.md): a batch has a
    /// fixed cost (the transaction, the warnings check, the commit), and LOAD DATA per 10,000 rows was 1.1–1.5× faster
    /// per row than per 1,000. A second write in flight lets the client encode while the server loads.
    /// </summary>
    private static readonly BatchSinkDefaults s_defaults = new(10_000, TimeSpan.FromMilliseconds(100), 2);

    /// <summary>
    /// The largest batch that an upsert (<see cref="Conflict.Update"/>, <see cref="Conflict.Replace"/>) writes with
    /// prepared multi-row <c>INSERT … ON DUPLICATE KEY UPDATE</c>s instead of LOAD DATA into the staging table and a
    /// merge: the default flush size. In full-mode runs (docs/benchmarks, MySQL runs 5, 6 and 7) the INSERT path was
    /// 1.26–1.4× faster than staging at every size measured, 1,000 to 10,000 rows per batch; staging allocates a
    /// fraction of the bytes per row (2 B against about 90 B), so batches larger than anything measured keep it.
    /// </summary>
    internal const int MergeByInsertMaxRows = 10_000;

    /// <summary>How long a kept connection may stay unused before the sink gives it back to the data source: one minute.</summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromMinutes(1);

    private readonly MySqlDataSource _dataSource;
    private readonly WriteColumns<T, MySqlLoadWriter> _loadWriter;
    private readonly WriteColumns<T, MySqlParameterWriter> _parameterWriter;
    private readonly WriteColumns<T, MySqlRowSizer> _sizer;
    private readonly SessionPool<MySqlSession> _sessions;
    private MySqlTablePlan? _plan;

    /// <summary>Creates the sink.</summary>
    /// <param name="dataSource">Where connections come from (MySqlConnector's <see cref="MySqlDataSource"/>). The sink does not own it: dispose it after the flow. For the LOAD DATA path its connection string needs <c>AllowLoadLocalInfile=true</c>.</param>
    /// <param name="table">The generated table description.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table is named like the sink's staging table.</exception>
    public MySqlBatchSink(MySqlDataSource dataSource, TableDescription<T> table)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(table);
        if (string.Equals(table.Name, MySqlSql.StagingName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The table name '{MySqlSql.StagingName}' is reserved for the sink's staging table.", nameof(table));
        }

        _dataSource = dataSource;
        Table = table;
        _loadWriter = table.Writer.Write<MySqlLoadWriter>;
        _parameterWriter = table.Writer.Write<MySqlParameterWriter>;
        _sizer = table.Writer.Write<MySqlRowSizer>;
        _sessions = new SessionPool<MySqlSession>(
            cancellationToken => new ValueTask<MySqlSession>(MySqlSession.OpenAsync(_dataSource, cancellationToken)),
            static session => session.DisposeAsync(),
            static session => session.IsUsable,
            IdleConnectionTimeout);
    }

    /// <inheritdoc />
    public string Provider => ProviderName;

    /// <inheritdoc />
    public TableDescription<T> Table { get; }

    /// <inheritdoc />
    public BatchSinkDefaults Defaults => s_defaults;

    /// <summary>The sink's connections (tests).</summary>
    internal SessionPool<MySqlSession> Sessions => _sessions;

    /// <summary>The plan of the first write, null before it (tests and benchmarks).</summary>
    internal MySqlTablePlan? Plan => _plan;

    /// <summary>
    /// Forces a write path instead of the one the first write picks from the settings (tests and benchmarks compare them);
    /// null: LOAD DATA when both the client and the server allow it, with upserts of at most
    /// <see cref="MergeByInsertMaxRows"/> rows as INSERTs. A forced path is taken by every batch of more than one row.
    /// Set before the first write.
    /// </summary>
    internal MySqlWritePath? ForcedPath { get; set; }

    /// <summary>The path batches of more than one row take (known after the first write).</summary>
    internal MySqlWritePath? WritePath => _plan?.Path;

    /// <summary>Idle connections go back to the data source after <see cref="IdleConnectionTimeout"/> on the flow's clock.</summary>
    public void Initialize(BatchSinkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _sessions.TimeProvider = context.TimeProvider;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_sessions.IsDisposed, this);
        if (rows.IsEmpty)
        {
            return;
        }

        var session = await _sessions.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var plan = _plan ?? await LoadPlanAsync(session, cancellationToken).ConfigureAwait(false);
            if (WritesWithInsert(plan, rows.Length))
            {
                await InsertAsync(session, plan, rows, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await LoadAsync(session, plan, rows, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // A failed load or statement may leave the connection mid-protocol, in a transaction or broken: never reuse it.
            await _sessions.DiscardAsync(session).ConfigureAwait(false);
            throw;
        }

        await _sessions.ReturnAsync(session).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a batch of <paramref name="rows"/> rows is written with prepared INSERTs: a single row, every batch on the
    /// INSERT path, and on the LOAD path an upsert batch of at most <see cref="MergeByInsertMaxRows"/> rows unless a path
    /// is forced.
    /// </summary>
    private bool WritesWithInsert(MySqlTablePlan plan, int rows) =>
        rows == 1
        || plan.Path == MySqlWritePath.Insert
        || (plan.Merge is not null && rows <= MergeByInsertMaxRows && ForcedPath is null);

    /// <inheritdoc />
    public bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return MySqlErrors.IsTransient(exception);
    }

    /// <inheritdoc />
    /// <remarks>True for an unknown table or column, a denied access, a refused LOAD DATA LOCAL, a read-only server and the like (<c>MySqlErrors</c>).</remarks>
    public bool IsBatchWide(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return MySqlErrors.IsBatchWide(exception);
    }

    /// <summary>Closes the connections the sink kept. The data source stays open.</summary>
    public ValueTask DisposeAsync() => _sessions.DisposeAsync();

    /// <summary>
    /// Encodes the batch, then in one transaction: LOAD DATA into the table or the staging table, the warnings check, the
    /// merge (Update, Replace), the commit. Encoding first means a value the writer refuses fails the batch before a
    /// byte is sent.
    /// </summary>
    private async ValueTask LoadAsync(MySqlSession session, MySqlTablePlan plan, ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        using var buffer = new LoadBuffer();
        Encode(buffer, plan, rows.Span);
        if (plan.Merge is not null)
        {
            await session.EnsureStagingAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        var connection = session.Connection;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = plan.LoadTarget,
            Local = true,
            SourceStream = buffer.AsStream(),
            CharacterSet = "utf8mb4",
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            Timeout = 0,
        };
        loader.Columns.AddRange(plan.LoadColumns);
        loader.Expressions.AddRange(plan.LoadExpressions);
        var loaded = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);

        var (warnings, count) = await ShowWarningsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (count > 0 || loaded != rows.Length)
        {
            // Under Ignore, a stored key is the one warning that is the mode's meaning: each such row was skipped.
            var onlyDuplicates = plan.Table.Conflict == Conflict.Ignore && warnings.Count == count && warnings.TrueForAll(static w => w.Code == 1062);
            if (!onlyDuplicates || loaded + count != rows.Length)
            {
                throw new MySqlWarningsException(plan.LoadTarget, warnings, count);
            }
        }

        if (plan.Merge is not null)
        {
            await using var merge = new MySqlCommand(plan.Merge, connection, transaction);
            await merge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Encode(LoadBuffer buffer, MySqlTablePlan plan, ReadOnlySpan<T> rows)
    {
        var rowWriter = _loadWriter;
        var columns = new MySqlLoadWriter(buffer, plan.Formats, plan.Table.Columns);
        var count = plan.Table.Columns.Count;
        for (var i = 0; i < rows.Length; i++)
        {
            columns.StartRow();
            rowWriter(in rows[i], ref columns);
            if (columns.Written != count)
            {
                ThrowWrongValueCount(rowWriter.Target, columns.Written, count);
            }

            columns.EndRow();
        }
    }

    private static async ValueTask<(List<MySqlWarning> Warnings, long Count)> ShowWarningsAsync(MySqlConnection connection, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        var warnings = new List<MySqlWarning>();
        await using var command = new MySqlCommand(MySqlSql.ShowWarnings, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            warnings.Add(new MySqlWarning(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var count = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        return (warnings, Math.Max(count, warnings.Count));
    }

    /// <summary>
    /// Prepared multi-row INSERTs with the conflict clause, in one transaction when there is more than one statement.
    /// A batch size that recurs is one statement of all its rows when they fit under 65,535 parameters and
    /// <c>max_allowed_packet</c>; other counts are statements of power-of-two row counts, so a session prepares few
    /// distinct statements (<see cref="MySqlSession.RowsPerStatement"/>).
    /// </summary>
    private async ValueTask InsertAsync(MySqlSession session, MySqlTablePlan plan, ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var sizes = RowSizes(plan, rows.Span);
        MySqlTransaction? transaction = null;
        try
        {
            var start = 0;
            while (start < rows.Length)
            {
                var take = session.RowsPerStatement(RowsThatFit(plan, sizes, start), plan);
                if (transaction is null && take < rows.Length)
                {
                    transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                }

                var insert = await session.InsertAsync(plan, take, cancellationToken).ConfigureAwait(false);
                insert.Transaction = transaction;
                var columns = new MySqlParameterWriter(insert.Parameters, plan.Formats, plan.Table.Columns);
                Fill(ref columns, plan, rows.Span.Slice(start, take));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                start += take;
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Fill(ref MySqlParameterWriter columns, MySqlTablePlan plan, ReadOnlySpan<T> rows)
    {
        var rowWriter = _parameterWriter;
        var count = plan.Table.Columns.Count;
        for (var i = 0; i < rows.Length; i++)
        {
            columns.StartRow();
            rowWriter(in rows[i], ref columns);
            if (columns.Written != count)
            {
                ThrowWrongValueCount(rowWriter.Target, columns.Written, count);
            }
        }
    }

    /// <summary>How many rows from <paramref name="start"/> one INSERT can hold: under 65,535 parameters and in one packet.</summary>
    private static int RowsThatFit(MySqlTablePlan plan, long[] sizes, int start)
    {
        var budget = plan.PacketBudget;
        if (sizes[start] > budget)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"A row for {MySqlSql.Quote(plan.Table.Name)} needs about {sizes[start]} bytes, more than the server's max_allowed_packet ({plan.Server.MaxAllowedPacket}) allows in one statement; raise max_allowed_packet on the server."));
        }

        var fit = 0;
        long bytes = 0;
        var limit = Math.Min(plan.MaxRowsPerStatement, sizes.Length - start);
        while (fit < limit && bytes + sizes[start + fit] <= budget)
        {
            bytes += sizes[start + fit];
            fit++;
        }

        return fit;
    }

    /// <summary>An upper bound of each row's size in an execute packet: 9 bytes per value and the text or bytes themselves.</summary>
    private long[] RowSizes(MySqlTablePlan plan, ReadOnlySpan<T> rows)
    {
        var sizes = new long[rows.Length];
        var rowWriter = _sizer;
        for (var i = 0; i < rows.Length; i++)
        {
            var counter = default(MySqlRowSizer);
            rowWriter(in rows[i], ref counter);
            sizes[i] = counter.Bytes;
        }

        return sizes;
    }

    private static void ThrowWrongValueCount(object? writer, int written, int columns) =>
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"{writer?.GetType().FullName ?? "The row writer"} wrote {written} values for a row of {columns} columns; it must write every column of the table description, in order."));

    private async ValueTask<MySqlTablePlan> LoadPlanAsync(MySqlSession session, CancellationToken cancellationToken)
    {
        var plan = await MySqlTablePlan.LoadAsync(session.Connection, Table, cancellationToken).ConfigureAwait(false);
        if (ForcedPath is { } forced && forced != plan.Path)
        {
            plan = plan.WithPath(forced);
        }

        // Concurrent first writes may both load it; the plans are equal, keep the first.
        return Interlocked.CompareExchange(ref _plan, plan, null) ?? plan;
    }
}
