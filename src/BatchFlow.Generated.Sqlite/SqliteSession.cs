using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BatchFlow.Sqlite;

/// <summary>
/// One open connection and the statements prepared on it, used by one write at a time and reused across batches:
/// nothing is parsed again per batch or per row. A session that fails is disposed, never reused.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private static readonly Action<object?> s_interrupt = static database => raw.sqlite3_interrupt((sqlite3)database!);

    // sqlite3_interrupt does not wake SQLite's busy handler, so a lock is waited for in slices of this length,
    // with a cancellation check between them.
    private static readonly TimeSpan s_busyWaitSlice = TimeSpan.FromMilliseconds(100);

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _database;
    private readonly int _columns;
    private readonly IReadOnlyList<ColumnDescription> _columnDescriptions;
    private TimeSpan _busyTimeout;
    private sqlite3_stmt? _begin;
    private sqlite3_stmt? _commit;
    private sqlite3_stmt? _chunk;
    private sqlite3_stmt? _single;

    private SqliteSession(SqliteConnection connection, IReadOnlyList<ColumnDescription> columns)
    {
        _connection = connection;
        _database = connection.Handle!;
        _columnDescriptions = columns;
        _columns = columns.Count;
    }

    /// <summary>Rows bound by one execution of the multi-row statement.</summary>
    internal int RowsPerStatement { get; private set; }

    /// <summary>How many statements this session prepared (all of them when it opened).</summary>
    internal int StatementsPrepared { get; private set; }

    /// <summary>
    /// Opens a connection and prepares every statement a write needs; with <paramref name="checkSchema"/>, first checks
    /// the table's columns against the row type (<see cref="SqliteTableCheck"/>).
    /// </summary>
    /// <exception cref="BatchSchemaException">The table is missing, or does not take what the row type writes.</exception>
    internal static SqliteSession Open(string connectionString, TableShape table, int preferredRowsPerStatement, TimeSpan busyTimeout, CancellationToken cancellationToken, bool checkSchema = false)
    {
        var connection = new SqliteConnection(connectionString);
        SqliteSession? session = null;
        try
        {
            connection.Open();
            session = new SqliteSession(connection, table.Columns);
            session.Prepare(table, preferredRowsPerStatement, busyTimeout, checkSchema, cancellationToken);
            return session;
        }
        catch
        {
            if (session is not null)
            {
                session.Dispose();
            }
            else
            {
                connection.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="rows"/> in one <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c> transaction. On any failure the
    /// transaction is rolled back and the exception propagates; the caller then disposes the session.
    /// </summary>
    internal void Write<T>(ReadOnlySpan<T> rows, WriteColumns<T, SqliteRowBinder> writer, CancellationToken cancellationToken)
    {
        Debug.Assert(_begin is not null && _commit is not null && _single is not null, "The session is prepared.");

        // Cancellation stops a running statement too, not only the loop between statements.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(s_interrupt, _database)
            : default;
        cancellationToken.ThrowIfCancellationRequested();

        StepWaitingForLock(_begin, cancellationToken);
        try
        {
            var index = 0;
            if (_chunk is not null)
            {
                for (var chunkRows = RowsPerStatement; rows.Length - index >= chunkRows; index += chunkRows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Bind(_chunk, rows.Slice(index, chunkRows), writer);
                    Step(_chunk);
                }
            }

            for (; index < rows.Length; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Bind(_single, rows.Slice(index, 1), writer);
                Step(_single);
            }

            StepWaitingForLock(_commit, cancellationToken);
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Statements first: a connection closed with live statements would linger as a zombie handle.
        _begin?.Dispose();
        _commit?.Dispose();
        _chunk?.Dispose();
        _single?.Dispose();
        _begin = _commit = _chunk = _single = null;
        _connection.Dispose();
    }

    private void Prepare(TableShape table, int preferredRowsPerStatement, TimeSpan busyTimeout, bool checkSchema, CancellationToken cancellationToken)
    {
        _busyTimeout = busyTimeout;
        var slice = busyTimeout < s_busyWaitSlice ? busyTimeout : s_busyWaitSlice;
        SqliteResult.Check(raw.sqlite3_busy_timeout(_database, (int)slice.TotalMilliseconds), _database);

        if (checkSchema)
        {
            CheckSchema(table, busyTimeout, cancellationToken);
        }

        var variableLimit = raw.sqlite3_limit(_database, SqliteResult.LimitVariableNumber, -1);
        RowsPerStatement = SqliteSql.RowsPerStatement(_columns, variableLimit, preferredRowsPerStatement);

        // IMMEDIATE takes the write lock up front, so a busy database fails (or waits) here, before any work.
        _begin = PrepareStatement("BEGIN IMMEDIATE", cancellationToken);
        _commit = PrepareStatement("COMMIT", cancellationToken);
        _single = PrepareInsert(table, 1, cancellationToken);
        if (RowsPerStatement > 1)
        {
            _chunk = PrepareInsert(table, RowsPerStatement, cancellationToken);
        }
    }

    /// <summary>Reads the table as a schema snapshot does and checks the row type against it (<see cref="SqliteTableCheck"/>).</summary>
    private void CheckSchema(TableShape table, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        // Reading the schema needs a shared lock: Microsoft.Data.Sqlite waits for it up to the command timeout
        // (whole seconds, 0 for no limit), here the sink's busy timeout; cancelling interrupts the wait.
        var timeout = busyTimeout == TimeSpan.MaxValue ? 0 : (int)Math.Min(int.MaxValue, Math.Max(1, Math.Ceiling(busyTimeout.TotalSeconds)));
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(s_interrupt, _database) : default;
        cancellationToken.ThrowIfCancellationRequested();
        var (tables, _) = SqliteCatalog.Read(_connection, [table.Name], version: false, timeout);
        SqliteTableCheck.Check(table, tables.Count == 1 ? tables[0] : null);
    }

    private sqlite3_stmt PrepareInsert(TableShape table, int rows, CancellationToken cancellationToken)
    {
        try
        {
            return PrepareStatement(SqliteSql.Insert(table, rows), cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == raw.SQLITE_ERROR)
        {
            // Preparing reads the schema, never a row: an unknown table or column fails every batch the same way.
            throw new BatchSchemaException($"Table {SqliteSql.Quote(table.Name)} cannot be written: {exception.Message}", exception);
        }
    }

    /// <summary>Prepares a statement, waiting for the lock like <see cref="StepWaitingForLock"/>: reading the schema needs a shared lock.</summary>
    private sqlite3_stmt PrepareStatement(string sql, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var rc = raw.sqlite3_prepare_v2(_database, sql, out var statement);
            if (rc == raw.SQLITE_OK)
            {
                StatementsPrepared++;
                return statement;
            }

            statement?.Dispose();
            WaitAgainOrThrow(rc, started, cancellationToken);
        }
    }

    private void Bind<T>(sqlite3_stmt statement, ReadOnlySpan<T> rows, WriteColumns<T, SqliteRowBinder> writer)
    {
        var parameter = 1;
        for (var i = 0; i < rows.Length; i++)
        {
            var binder = new SqliteRowBinder(statement, parameter, _columnDescriptions);
            writer(in rows[i], ref binder);
            parameter += _columns;
            if (binder.Index != parameter)
            {
                ThrowWrongValueCount(writer, binder.Index - (parameter - _columns));
            }
        }
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            // The statement is reset by Rollback; resetting here first could replace the error message.
            SqliteResult.Throw(rc, _database);
        }

        raw.sqlite3_reset(statement);
    }

    /// <summary>
    /// Steps a statement that SQLite documents as safe to retry after SQLITE_BUSY (BEGIN, COMMIT), again and again
    /// until the lock is free, the busy timeout has passed or the write is cancelled. Every step itself waits up to
    /// one slice in SQLite's busy handler.
    /// </summary>
    private void StepWaitingForLock(sqlite3_stmt statement, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
            {
                raw.sqlite3_reset(statement);
                return;
            }

            // Throws (reading the error message before any reset can touch it) unless the step should be made again.
            WaitAgainOrThrow(rc, started, cancellationToken);
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>Returns when a call that failed with <paramref name="rc"/> should be made again: the database was busy, time is left and the write is not cancelled.</summary>
    private void WaitAgainOrThrow(int rc, long started, CancellationToken cancellationToken)
    {
        if ((rc & 0xFF) != raw.SQLITE_BUSY || Stopwatch.GetElapsedTime(started) >= _busyTimeout)
        {
            SqliteResult.Throw(rc, _database);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Rollback()
    {
        // A failed step leaves its statement unreset; reset every one so the rollback meets no running statement.
        // Their return codes repeat the failure already being thrown.
        foreach (var statement in (ReadOnlySpan<sqlite3_stmt?>)[_begin, _commit, _chunk, _single])
        {
            if (statement is not null)
            {
                _ = raw.sqlite3_reset(statement);
            }
        }

        // SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, …); then there is nothing to undo.
        if (raw.sqlite3_get_autocommit(_database) == 0)
        {
            // Best effort: if this fails too, disposing the session closes the connection, which rolls back.
            _ = raw.sqlite3_exec(_database, "ROLLBACK");
        }
    }

    private void ThrowWrongValueCount<T>(WriteColumns<T, SqliteRowBinder> writer, int written) =>
        throw new InvalidOperationException(
            $"{writer.Target?.GetType().FullName ?? "The row writer"} wrote {written.ToString(CultureInfo.InvariantCulture)} values for a row of {_columns.ToString(CultureInfo.InvariantCulture)} columns; it must write every column of the table description, in order.");
}
