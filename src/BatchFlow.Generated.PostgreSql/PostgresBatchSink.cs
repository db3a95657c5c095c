using BatchFlow.Sinks;
using Npgsql;

namespace BatchFlow.PostgreSql;

/// <summary>
/// Writes batches of <typeparamref name="T"/> into PostgreSQL through Npgsql. Generated
/// <c>{Type}Flow.Postgres(dataSource)</c> factories create it; pass it to <see cref="BatchFlow{T}"/> to use it directly.
/// </summary>
/// <remarks>
/// <para>
/// Every batch is one binary COPY with the generated writer's typed values. <see cref="Conflict.None"/> copies
/// straight into the table (COPY is atomic: every row commits or none does). <see cref="Conflict.Ignore"/>,
/// <see cref="Conflict.Update"/> and <see cref="Conflict.Replace"/> copy into a temporary staging table kept on the
/// connection and then run <c>INSERT INTO "t" SELECT … FROM staging ON CONFLICT (key) DO …</c>, both in one
/// transaction (docs/adr/0003-postgresql-write-path.md has the measurements behind this choice).
/// </para>
/// <para>
/// On its first write the sink reads the table's column types from the catalog, checks that each column can take
/// its member's values and learns which <see cref="DateTime"/> columns are <c>timestamp</c> and which
/// <c>timestamptz</c>. It keeps the connections it opened (at most one per concurrent write) between batches and
/// disposes any connection that saw a failure, so retries and the halves of a split batch get a fresh one. A kept
/// connection that no write has used for a minute (<see cref="IdleConnectionTimeout"/>) goes back to the data
/// source, so an idle flow holds no server connection; the next batch opens one again.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class PostgresBatchSink<T> : IBatchSink<T>
{
    /// <summary>The provider name used in metrics and traces: <c>postgresql</c>.</summary>
    public const string ProviderName = "postgresql";

    /// <summary>
    /// 5,000 rows, 100 ms, 2 concurrent writes, chosen by measurement (docs/adr/0003-postgresql-write-path.md). A
    /// batch has a fixed cost of a few milliseconds, mostly the commit: 1,000-row batches were 1.5–2× slower per
    /// row, and 10,000 was no faster than 5,000. A second write in flight lets the client encode while the server
    /// commits; a fourth was never clearly better on 2 cores.
    /// </summary>
    private static readonly BatchSinkDefaults s_defaults = new(5_000, TimeSpan.FromMilliseconds(100), 2);

    /// <summary>How long a kept connection may stay unused before the sink gives it back to the data source: one minute.</summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromMinutes(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly WriteColumns<T, PostgresColumnWriter> _writer;
    private readonly SessionPool<PostgresSession> _sessions;
    private readonly DirectCopyPolicy _directCopy = new();
    private PostgresTablePlan? _plan;

    /// <summary>Creates the sink.</summary>
    /// <param name="dataSource">Where connections come from. The sink does not own it: dispose it after the flow.</param>
    /// <param name="table">The generated table description.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table is named like the sink's staging table.</exception>
    public PostgresBatchSink(NpgsqlDataSource dataSource, TableDescription<T> table)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(table);
        if (table.Name == PostgresSql.StagingName)
        {
            throw new ArgumentException($"The table name '{PostgresSql.StagingName}' is reserved for the sink's staging table.", nameof(table));
        }

        _dataSource = dataSource;
        Table = table;
        _writer = table.Writer.Write<PostgresColumnWriter>;
        _sessions = new SessionPool<PostgresSession>(
            cancellationToken => new ValueTask<PostgresSession>(PostgresSession.OpenAsync(_dataSource, cancellationToken)),
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
    internal SessionPool<PostgresSession> Sessions => _sessions;

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

        PostgresSession? session = await _sessions.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var plan = _plan ?? await LoadPlanAsync(session, cancellationToken).ConfigureAwait(false);
            if (plan.Merge is null)
            {
                await CopyAsync(session.Connection, plan.Copy, plan.Types, rows, cancellationToken).ConfigureAwait(false);
            }
            else if (plan.DirectCopy is { } direct && _directCopy.ShouldTryDirect())
            {
                try
                {
                    await CopyAsync(session.Connection, direct, plan.Types, rows, cancellationToken).ConfigureAwait(false);
                    _directCopy.Committed();
                }
                catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // A key is already stored and the COPY wrote nothing: merge the batch, on a fresh connection.
                    _directCopy.Conflicted();
                    var failed = session;
                    session = null;
                    await _sessions.DiscardAsync(failed).ConfigureAwait(false);
                    session = await _sessions.RentAsync(cancellationToken).ConfigureAwait(false);
                    await MergeAsync(session, plan, rows, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await MergeAsync(session, plan, rows, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // A failed COPY or statement may leave the connection mid-protocol or broken: never reuse it.
            if (session is not null)
            {
                await _sessions.DiscardAsync(session).ConfigureAwait(false);
            }

            throw;
        }

        await _sessions.ReturnAsync(session).ConfigureAwait(false);
    }

    /// <summary>How the <see cref="Conflict.Ignore"/> direct COPY has fared (tests).</summary>
    internal DirectCopyPolicy DirectCopy => _directCopy;

    /// <inheritdoc />
    public bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return PostgresErrors.IsTransient(exception);
    }

    /// <inheritdoc />
    /// <remarks>True for SQLSTATE class 42 (an unknown table or column, a permission denied, …) and 3F000.</remarks>
    public bool IsBatchWide(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return PostgresErrors.IsBatchWide(exception);
    }

    /// <summary>Closes the connections the sink kept. The data source stays open.</summary>
    public ValueTask DisposeAsync() => _sessions.DisposeAsync();

    /// <summary>COPY into the staging table and merge with the conflict clause, in one transaction.</summary>
    private async ValueTask MergeAsync(PostgresSession session, PostgresTablePlan plan, ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        var merge = await session.MergeAsync(plan, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await CopyAsync(session.Connection, plan.Copy, plan.Types, rows, cancellationToken).ConfigureAwait(false);
        merge.Transaction = transaction;
        await merge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CopyAsync(NpgsqlConnection connection, string copy, PostgresColumnTypes types, ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            WriteRows(importer, rows.Span, types);
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Synchronous: the importer buffers, and flushes when its buffer fills (see the ADR on why that is acceptable).
    private void WriteRows(NpgsqlBinaryImporter importer, ReadOnlySpan<T> rows, PostgresColumnTypes types)
    {
        var rowWriter = _writer;
        var columns = new PostgresColumnWriter(importer, types);
        for (var i = 0; i < rows.Length; i++)
        {
            columns.StartRow();
            rowWriter(in rows[i], ref columns);
            if (columns.Written != types.Count)
            {
                ThrowWrongValueCount(rowWriter, columns.Written, types.Count);
            }
        }
    }

    private static void ThrowWrongValueCount(WriteColumns<T, PostgresColumnWriter> writer, int written, int columns) =>
        throw new InvalidOperationException(
            $"{writer.Target?.GetType().FullName ?? "The row writer"} wrote {written.ToString(System.Globalization.CultureInfo.InvariantCulture)} values for a row of {columns.ToString(System.Globalization.CultureInfo.InvariantCulture)} columns; it must write every column of the table description, in order.");

    private async ValueTask<PostgresTablePlan> LoadPlanAsync(PostgresSession session, CancellationToken cancellationToken)
    {
        var plan = await PostgresTablePlan.LoadAsync(session.Connection, Table, cancellationToken).ConfigureAwait(false);

        // Concurrent first writes may both load it; the plans are equal, keep the first.
        return Interlocked.CompareExchange(ref _plan, plan, null) ?? plan;
    }
}
