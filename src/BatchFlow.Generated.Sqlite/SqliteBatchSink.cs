using BatchFlow.Sinks;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite;

/// <summary>
/// Writes batches of <typeparamref name="T"/> into SQLite: one <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c> transaction per
/// batch, multi-row <c>INSERT</c> statements prepared once per connection and reused, values bound with SQLite's
/// typed bind calls. Generated <c>{Type}Flow.Sqlite(...)</c> factories create it.
/// </summary>
/// <remarks>
/// <para>
/// The conflict mode of the table description decides the statement: <see cref="Conflict.None"/> is a plain
/// <c>INSERT</c>, <see cref="Conflict.Ignore"/> adds <c>ON CONFLICT (key) DO NOTHING</c>, <see cref="Conflict.Update"/>
/// adds <c>ON CONFLICT (key) DO UPDATE SET</c> over the non-key columns, and <see cref="Conflict.Replace"/> is
/// <c>INSERT OR REPLACE</c>. Replace deletes the existing row and inserts the new one: columns the row type does not
/// write get their default values, delete triggers (with <c>recursive_triggers</c>) and <c>ON DELETE</c> foreign-key
/// actions run, and a conflict on any unique constraint, not only the key, replaces the row that holds it.
/// </para>
/// <para>
/// Before its first batch the sink reads the table from the catalog (the read <see cref="SqliteSchema.ReadAsync"/>
/// makes) and fails with a <see cref="BatchSchemaException"/> naming every column that is missing, generated, or would
/// store a member's values converted by its type affinity (a number into a TEXT column, text into a NUMERIC one; see
/// the package README).
/// </para>
/// <para>
/// The sink opens its own connections (Microsoft.Data.Sqlite pooling is turned off for them, so a connection that
/// failed is really closed), and waits for a locked database up to the connection string's <c>Default Timeout</c>
/// (0: without a limit, as Microsoft.Data.Sqlite does).
/// SQLite admits one writer at a time, so <see cref="Defaults"/> asks for one write at a time. The work is
/// synchronous: <see cref="WriteAsync"/> returns a completed task.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class SqliteBatchSink<T> : IBatchSink<T>
{
    /// <summary>Rows per multi-row statement, chosen by measurement (docs/adr/0002-sqlite-write-path.md).</summary>
    internal const int DefaultRowsPerStatement = 25;

    private static readonly BatchSinkDefaults s_defaults = new(1_000, TimeSpan.FromMilliseconds(100), 1);

    private readonly string _connectionString;
    private readonly WriteColumns<T, SqliteRowBinder> _writer;
    private readonly int _rowsPerStatement;
    private readonly TimeSpan _busyTimeout;
    private readonly SessionPool<SqliteSession> _sessions;
    private int _statementsPrepared;

    // Set once the table has been checked against the row type (the first connection does it, before the first batch).
    private bool _schemaChecked;

    /// <summary>Creates the sink. No connection is opened until the first write.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=app.db</c>.</param>
    /// <param name="table">The generated table description.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not a valid Microsoft.Data.Sqlite connection string.</exception>
    public SqliteBatchSink(string connectionString, TableDescription<T> table)
        : this(connectionString, table, DefaultRowsPerStatement, busyTimeout: null)
    {
    }

    /// <summary>Creates the sink with a chosen statement shape; benchmarks and tests use it.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    /// <param name="table">The table description.</param>
    /// <param name="rowsPerStatement">Rows per multi-row statement, before the parameter limit lowers it.</param>
    /// <param name="busyTimeout">How long to wait for a locked database; null for the connection string's <c>Default Timeout</c>.</param>
    internal SqliteBatchSink(string connectionString, TableDescription<T> table, int rowsPerStatement, TimeSpan? busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerStatement);
        if (busyTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(busyTimeout));
        }

        // Parsing validates the string now rather than at the first write.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        _connectionString = builder.ConnectionString;
        _busyTimeout = busyTimeout ?? BusyTimeoutOf(builder);
        Table = table;
        _writer = table.Writer.Write<SqliteRowBinder>;
        _rowsPerStatement = rowsPerStatement;
        _sessions = new SessionPool<SqliteSession>(OpenSession, static session =>
        {
            session.Dispose();
            return default;
        });
    }

    /// <inheritdoc />
    public string Provider => "sqlite";

    /// <summary>
    /// The connection string's <c>Default Timeout</c> with Microsoft.Data.Sqlite's meaning: seconds to wait for a
    /// locked database, and 0 for no limit (the write then waits until the lock is free, the flow's
    /// <see cref="BatchFlowOptions.FlushTimeout"/> passes or the write is cancelled).
    /// </summary>
    internal static TimeSpan BusyTimeoutOf(SqliteConnectionStringBuilder builder) =>
        builder.DefaultTimeout == 0 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(builder.DefaultTimeout);

    /// <inheritdoc />
    public TableDescription<T> Table { get; }

    /// <summary>1,000 rows per batch, 100 ms linger, one write at a time (SQLite has a single writer).</summary>
    public BatchSinkDefaults Defaults => s_defaults;

    /// <summary>Connections opened so far (each failed write closes its own).</summary>
    internal int SessionsOpened => _sessions.Opened;

    /// <summary>The sink's connections (tests).</summary>
    internal SessionPool<SqliteSession> Sessions => _sessions;

    /// <summary>Idle connections are closed after a minute on the flow's clock.</summary>
    public void Initialize(BatchSinkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _sessions.TimeProvider = context.TimeProvider;
    }

    /// <summary>Statements prepared so far, over every connection.</summary>
    internal int StatementsPrepared => Volatile.Read(ref _statementsPrepared);

    /// <inheritdoc />
    /// <exception cref="SqliteException">SQLite refused the batch; nothing of it is committed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing of the batch is committed.</exception>
    public ValueTask WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        if (_sessions.IsDisposed)
        {
            return ValueTask.FromException(new ObjectDisposedException(GetType().FullName));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (rows.IsEmpty)
        {
            return default;
        }

        SqliteSession? session = null;
        try
        {
            // Opening is synchronous, so renting completes at once.
            var renting = _sessions.RentAsync(cancellationToken);
            session = renting.IsCompletedSuccessfully ? renting.Result : renting.AsTask().GetAwaiter().GetResult();
            session.Write(rows.Span, _writer, cancellationToken);
        }
        catch (Exception exception)
        {
            // The retry, if any, gets a new connection with new statements. Closing is synchronous.
            if (session is not null)
            {
                var discarding = _sessions.DiscardAsync(session);
                System.Diagnostics.Debug.Assert(discarding.IsCompleted, "Closing a SQLite session is synchronous.");
                discarding.GetAwaiter().GetResult();
            }

            return ValueTask.FromException(
                exception is SqliteException { SqliteErrorCode: SqliteInterrupt } && cancellationToken.IsCancellationRequested
                    ? new OperationCanceledException("The SQLite write was interrupted because it was cancelled.", exception, cancellationToken)
                    : exception);
        }

        return _sessions.ReturnAsync(session);
    }

    /// <summary>
    /// True for <see cref="SqliteException"/>s whose primary result code is <c>SQLITE_BUSY</c> (5) or
    /// <c>SQLITE_LOCKED</c> (6): another connection holds the lock, and the same batch can succeed later.
    /// </summary>
    public bool IsTransient(Exception exception) =>
        ExceptionChain.Any(exception, static e => e is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is SqliteBusy or SqliteLocked);

    /// <summary>Closes every idle connection; a write still running closes its connection when it ends.</summary>
    public ValueTask DisposeAsync() => _sessions.DisposeAsync();

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteInterrupt = 9;

    private ValueTask<SqliteSession> OpenSession(CancellationToken cancellationToken)
    {
        var opened = SqliteSession.Open(_connectionString, Table, _rowsPerStatement, _busyTimeout, cancellationToken, checkSchema: !Volatile.Read(ref _schemaChecked));
        Volatile.Write(ref _schemaChecked, true);
        Interlocked.Add(ref _statementsPrepared, opened.StatementsPrepared);
        return ValueTask.FromResult(opened);
    }
}
