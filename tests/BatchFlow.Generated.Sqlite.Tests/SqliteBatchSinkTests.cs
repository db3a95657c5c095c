using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests;

public sealed class SqliteBatchSinkTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public SqliteBatchSinkTests() => _database.Execute(Users.CreateTable);

    public void Dispose() => _database.Dispose();

    private SqliteBatchSink<User> Sink(Conflict conflict = Conflict.None, int rowsPerStatement = SqliteBatchSink<User>.DefaultRowsPerStatement, TimeSpan? busyTimeout = null) =>
        new(_database.ConnectionString, Users.Table(conflict), rowsPerStatement, busyTimeout);

    private List<string?[]> StoredUsers() => _database.Rows("SELECT id, name, email, created_at, note FROM users ORDER BY id");

    [Fact]
    public void Constructor_validates_its_arguments()
    {
        var table = Users.Table();
        Assert.Throws<ArgumentNullException>(() => new SqliteBatchSink<User>(null!, table));
        Assert.Throws<ArgumentException>(() => new SqliteBatchSink<User>(" ", table));
        Assert.Throws<ArgumentNullException>(() => new SqliteBatchSink<User>(_database.ConnectionString, null!));
        Assert.Throws<ArgumentException>(() => new SqliteBatchSink<User>("Data Source=x.db;No Such Keyword=1", table));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteBatchSink<User>(_database.ConnectionString, table, 0, null));
    }

    [Fact]
    public async Task Provider_is_sqlite_and_defaults_ask_for_one_write_at_a_time()
    {
        await using var sink = Sink();
        IBatchSink<User> seam = sink;
        Assert.Equal("sqlite", seam.Provider);
        Assert.Same(sink.Table, seam.Table);
        Assert.Equal(1, seam.Defaults.MaxConcurrentFlushes);
        Assert.Equal(1_000, seam.Defaults.FlushSize);
        Assert.Equal(TimeSpan.FromMilliseconds(100), seam.Defaults.LingerTime);
    }

    [Fact]
    public async Task An_empty_batch_opens_no_connection()
    {
        await using var sink = Sink();
        await sink.WriteAsync(ReadOnlyMemory<User>.Empty, default);
        Assert.Equal(0, sink.SessionsOpened);
    }

    [Theory]
    [InlineData(1_013, 25)]
    [InlineData(10, 4)]
    [InlineData(3, 4)]
    [InlineData(7, 1)]
    public async Task Every_row_is_written_when_the_batch_is_not_a_multiple_of_the_statement_size(int rows, int rowsPerStatement)
    {
        var users = Users.Make(rows);
        await using var sink = Sink(rowsPerStatement: rowsPerStatement);
        await sink.WriteAsync(users, default);

        var stored = StoredUsers();
        Assert.Equal(rows, stored.Count);
        for (var i = 0; i < rows; i++)
        {
            var expected = users[i];
            Assert.Equal(
                new string?[] { expected.Id.ToString(), expected.Name, expected.Email, expected.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"), "default" },
                stored[i]);
        }
    }

    [Fact]
    public async Task A_wide_table_binds_fewer_rows_per_statement_to_stay_under_the_parameter_limit()
    {
        const int columns = 2_000;
        _database.Execute($"CREATE TABLE wide ({string.Join(", ", Enumerable.Range(0, columns).Select(c => $"c{c} INTEGER"))})");
        var table = new TableDescription<int>(
            "wide",
            Conflict.None,
            Enumerable.Range(0, columns).Select(c => new ColumnDescription($"c{c}", $"C{c}", ColumnType.Int64, false, false)).ToArray(),
            keyComparer: null,
            NoRowWriter<int>.Instance);
        var writer = new DelegateRowWriter<int>((in int row, ref SqliteRowBinder binder) =>
        {
            for (var c = 0; c < columns; c++)
            {
                binder.WriteInt64((row * 10_000L) + c);
            }
        });

        using (var connection = _database.Open())
        {
            var limit = SQLitePCL.raw.sqlite3_limit(connection.Handle, 9, -1);
            Assert.True(columns * 25 > limit, "The table is wide enough that 25 rows would pass the limit.");
            Assert.Equal(limit / columns, SqliteSql.RowsPerStatement(columns, limit, 25));
        }

        // 37 rows: two full 16-row statements and five single-row ones.
        await using var sink = new SqliteBatchSink<int>(_database.ConnectionString, table.WithWriter(writer), 25, null);
        await sink.WriteAsync(Enumerable.Range(1, 37).ToArray(), default);

        Assert.Equal(37, _database.Count("wide"));
        Assert.Equal(Enumerable.Range(1, 37).Sum(r => (r * 10_000L) + 1_999), _database.Scalar<long>("SELECT sum(c1999) FROM wide"));
        Assert.Equal(0, _database.Scalar<long>("SELECT count(*) FROM wide WHERE c1999 - c0 <> 1999"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(19)]
    [InlineData(21)]
    public async Task Check_violation_rolls_back_the_whole_batch(int badRow)
    {
        _database.Execute("CREATE TABLE checked (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> 'bad'), email TEXT, created_at TEXT)");
        var table = Users.Table(name: "checked");
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, table, 4, null);
        await sink.WriteAsync(Users.Make(5, firstId: 100), default);

        // 22 rows at 4 per statement: five 4-row statements, then two single-row ones.
        var batch = Users.Make(22);
        batch[badRow] = batch[badRow] with { Name = "bad" };
        var exception = await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync(batch, default).AsTask());

        Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, exception.SqliteErrorCode & 0xFF);
        Assert.False(sink.IsTransient(exception));
        Assert.Equal(5, _database.Count("checked"));
        Assert.Equal(0, _database.Scalar<long>("SELECT count(*) FROM checked WHERE id < 100"));
    }

    [Fact]
    public async Task A_busy_database_is_a_transient_failure_and_the_batch_commits_once_it_is_free()
    {
        using var blocker = _database.Open();
        TestDatabase.Execute(blocker, "BEGIN IMMEDIATE");
        await using var sink = Sink(busyTimeout: TimeSpan.FromMilliseconds(50));

        var exception = await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync(Users.Make(10), default).AsTask());
        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, exception.SqliteErrorCode & 0xFF);
        Assert.True(sink.IsTransient(exception));

        TestDatabase.Execute(blocker, "COMMIT");
        await sink.WriteAsync(Users.Make(10), default);
        Assert.Equal(10, _database.Count("users"));
    }

    [Fact]
    public async Task A_new_session_waits_for_an_exclusive_lock_before_preparing_its_statements()
    {
        // An exclusive lock keeps even the schema from being read, so preparing has to wait for it too.
        using var blocker = _database.Open();
        TestDatabase.Execute(blocker, "BEGIN EXCLUSIVE");
        await using var sink = Sink(busyTimeout: TimeSpan.FromSeconds(30));

        var stopwatch = Stopwatch.StartNew();
        var write = Task.Run(() => sink.WriteAsync(Users.Make(10), default).AsTask());
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.False(write.IsCompleted, "The write waits while the lock is held.");
        TestDatabase.Execute(blocker, "COMMIT");
        await write;

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(20));
        Assert.Equal(10, _database.Count("users"));
    }

    [Fact]
    public async Task A_locked_database_is_waited_for_up_to_the_connection_strings_default_timeout()
    {
        using var blocker = _database.Open();
        TestDatabase.Execute(blocker, "BEGIN IMMEDIATE");
        var connectionString = new SqliteConnectionStringBuilder(_database.ConnectionString) { DefaultTimeout = 1 }.ConnectionString;
        await using var sink = new SqliteBatchSink<User>(connectionString, Users.Table());

        var stopwatch = Stopwatch.StartNew();
        var exception = await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync(Users.Make(1), default).AsTask());
        Assert.True(sink.IsTransient(exception));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(5, 5, true)]      // SQLITE_BUSY
    [InlineData(5, 261, true)]    // SQLITE_BUSY_RECOVERY
    [InlineData(517, 517, true)]  // SQLITE_BUSY_SNAPSHOT as the primary code
    [InlineData(6, 6, true)]      // SQLITE_LOCKED
    [InlineData(262, 262, true)]  // SQLITE_LOCKED_SHAREDCACHE
    [InlineData(1, 1, false)]     // SQLITE_ERROR
    [InlineData(9, 9, false)]     // SQLITE_INTERRUPT
    [InlineData(11, 11, false)]   // SQLITE_CORRUPT
    [InlineData(13, 13, false)]   // SQLITE_FULL
    [InlineData(19, 275, false)]  // SQLITE_CONSTRAINT_CHECK
    [InlineData(19, 1555, false)] // SQLITE_CONSTRAINT_PRIMARYKEY
    public async Task Only_busy_and_locked_are_transient(int errorCode, int extendedErrorCode, bool transient)
    {
        await using var sink = Sink();
        Assert.Equal(transient, sink.IsTransient(new SqliteException("test", errorCode, extendedErrorCode)));
    }

    [Fact]
    public async Task Exceptions_other_than_SqliteException_are_not_transient()
    {
        await using var sink = Sink();
        Assert.False(sink.IsTransient(new TimeoutException()));
        Assert.False(sink.IsTransient(new OperationCanceledException()));
        Assert.False(sink.IsTransient(new IOException()));
        Assert.False(sink.IsTransient(new InvalidOperationException("wrapped", new SqliteException("constraint", 19))));
    }

    [Fact]
    public async Task A_busy_error_inside_another_exception_or_an_aggregate_is_transient_like_everywhere_else()
    {
        // The toolkit's ExceptionChain walks inner and aggregate exceptions for every provider.
        await using var sink = Sink();
        Assert.True(sink.IsTransient(new InvalidOperationException("wrapped", new SqliteException("busy", 5))));
        Assert.True(sink.IsTransient(new AggregateException(new IOException(), new SqliteException("locked", 6))));
        Assert.False(sink.IsTransient(new AggregateException(new IOException(), new SqliteException("constraint", 19))));
    }

    [Fact]
    public async Task None_rejects_a_duplicate_key_and_commits_nothing_of_the_batch()
    {
        await using var sink = Sink(Conflict.None, rowsPerStatement: 4);
        await sink.WriteAsync(Users.Make(3), default);

        var exception = await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync(Users.Make(6, firstId: 3, name: "again"), default).AsTask());

        Assert.Equal(SQLitePCL.raw.SQLITE_CONSTRAINT, exception.SqliteErrorCode & 0xFF);
        Assert.False(sink.IsTransient(exception));
        Assert.Equal(["user1", "user2", "user3"], StoredUsers().Select(r => r[1]));
    }

    [Fact]
    public async Task None_rejects_a_duplicate_key_inside_one_batch()
    {
        await using var sink = Sink(Conflict.None, rowsPerStatement: 4);
        var batch = Users.Make(6);
        batch[5] = batch[5] with { Id = 2 };

        await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync(batch, default).AsTask());
        Assert.Equal(0, _database.Count("users"));
    }

    /// <summary>
    /// Batch 1 holds ids 1..6 with id 2 repeated in the last row (another statement, at 4 rows per statement);
    /// batch 2 overlaps on ids 5..8. The note column is not in the row type: set by hand for id 5 between batches.
    /// </summary>
    private async Task<List<string?[]>> WriteOverlappingBatches(Conflict conflict)
    {
        await using var sink = Sink(conflict, rowsPerStatement: 4);
        var first = Users.Make(6, name: "first");
        first[5] = first[1] with { Name = "first-dup" };
        await sink.WriteAsync(first, default);
        _database.Execute("UPDATE users SET note = 'kept' WHERE id = 5");
        await sink.WriteAsync(Users.Make(4, firstId: 5, name: "second"), default);
        return StoredUsers();
    }

    [Fact]
    public async Task Ignore_keeps_the_first_row_of_a_key()
    {
        var stored = await WriteOverlappingBatches(Conflict.Ignore);

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], stored.Select(r => r[0]));
        Assert.Equal(["first1", "first2", "first3", "first4", "first5", "second6", "second7", "second8"], stored.Select(r => r[1]));
        Assert.Equal("kept", stored[4][4]);
    }

    [Fact]
    public async Task Update_overwrites_the_non_key_columns_and_the_last_row_of_a_key_wins()
    {
        var stored = await WriteOverlappingBatches(Conflict.Update);

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], stored.Select(r => r[0]));
        Assert.Equal(["first1", "first-dup", "first3", "first4", "second5", "second6", "second7", "second8"], stored.Select(r => r[1]));

        // Updated in place: the column the row type does not write keeps its value.
        Assert.Equal("kept", stored[4][4]);
        Assert.Equal("second5@example.com", stored[4][2]);
    }

    [Fact]
    public async Task Replace_makes_the_stored_row_exactly_the_new_one_and_the_last_row_of_a_key_wins()
    {
        var stored = await WriteOverlappingBatches(Conflict.Replace);

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], stored.Select(r => r[0]));
        Assert.Equal(["first1", "first-dup", "first3", "first4", "second5", "second6", "second7", "second8"], stored.Select(r => r[1]));

        // The old row is deleted: a column the row type does not write is back to its default.
        Assert.Equal("default", stored[4][4]);
    }

    [Fact]
    public async Task Update_with_a_composite_key_matches_on_every_key_column()
    {
        _database.Execute("CREATE TABLE memberships (tenant INTEGER NOT NULL, user_id INTEGER NOT NULL, role TEXT NOT NULL, PRIMARY KEY (tenant, user_id))");
        var table = new TableDescription<(long Tenant, long User, string Role)>(
            "memberships",
            Conflict.Update,
            [
                new ColumnDescription("tenant", "Tenant", ColumnType.Int64, false, isKey: true),
                new ColumnDescription("user_id", "User", ColumnType.Int64, false, isKey: true),
                new ColumnDescription("role", "Role", ColumnType.String, false, isKey: false),
            ],
            EqualityComparer<(long Tenant, long User, string Role)>.Create((a, b) => (a.Tenant, a.User) == (b.Tenant, b.User), r => HashCode.Combine(r.Tenant, r.User)),
            NoRowWriter<(long Tenant, long User, string Role)>.Instance);
        var writer = new DelegateRowWriter<(long Tenant, long User, string Role)>((in (long Tenant, long User, string Role) row, ref SqliteRowBinder binder) =>
        {
            binder.WriteInt64(row.Tenant);
            binder.WriteInt64(row.User);
            binder.WriteString(row.Role);
        });
        await using var sink = new SqliteBatchSink<(long, long, string)>(_database.ConnectionString, table.WithWriter(writer), 2, null);

        await sink.WriteAsync(new[] { (1L, 1L, "reader"), (1L, 2L, "reader"), (2L, 1L, "reader") }, default);
        await sink.WriteAsync(new[] { (1L, 1L, "admin"), (2L, 2L, "writer") }, default);

        Assert.Equal(
            [["1", "1", "admin"], ["1", "2", "reader"], ["2", "1", "reader"], ["2", "2", "writer"]],
            _database.Rows("SELECT tenant, user_id, role FROM memberships ORDER BY tenant, user_id"));
    }

    [Fact]
    public async Task Names_that_need_quoting_are_written()
    {
        _database.Execute("CREATE TABLE \"my \"\"table\"\"\" (\"id\" INTEGER PRIMARY KEY, \"full name\" TEXT, \"e\"\"mail\" TEXT, \"created at\" TEXT)");
        var table = new TableDescription<User>(
            "my \"table\"",
            Conflict.Update,
            [
                new ColumnDescription("id", "Id", ColumnType.Int64, false, isKey: true),
                new ColumnDescription("full name", "Name", ColumnType.String, false, false),
                new ColumnDescription("e\"mail", "Email", ColumnType.String, true, false),
                new ColumnDescription("created at", "CreatedAt", ColumnType.DateTime, false, false),
            ],
            EqualityComparer<User>.Create((a, b) => a!.Id == b!.Id, u => u.Id.GetHashCode()),
            UserWriter.Instance);
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, table);

        await sink.WriteAsync(Users.Make(3), default);
        await sink.WriteAsync(Users.Make(1, firstId: 2, name: "changed"), default);

        Assert.Equal(["user1", "changed2", "user3"], _database.Rows("SELECT \"full name\" FROM \"my \"\"table\"\"\" ORDER BY id").Select(r => r[0]));
    }

    [Fact]
    public async Task Statements_are_prepared_once_per_session_and_reused_across_batches()
    {
        await using var sink = Sink(rowsPerStatement: 4);
        await sink.WriteAsync(Users.Make(10), default);
        var prepared = sink.StatementsPrepared;

        // BEGIN IMMEDIATE, COMMIT, the 1-row and the 4-row INSERT.
        Assert.Equal(4, prepared);
        for (var batch = 1; batch <= 5; batch++)
        {
            await sink.WriteAsync(Users.Make(10, firstId: (batch * 10) + 1), default);
        }

        Assert.Equal(prepared, sink.StatementsPrepared);
        Assert.Equal(1, sink.SessionsOpened);
        Assert.Equal(60, _database.Count("users"));
    }

    [Fact]
    public async Task A_failed_write_closes_its_session_and_the_next_write_opens_a_fresh_one()
    {
        await using var sink = Sink(rowsPerStatement: 4);
        await sink.WriteAsync(Users.Make(5), default);
        Assert.Equal(1, sink.SessionsOpened);

        await Assert.ThrowsAsync<SqliteException>(() => sink.WriteAsync(Users.Make(5), default).AsTask());
        await sink.WriteAsync(Users.Make(5, firstId: 6), default);

        Assert.Equal(2, sink.SessionsOpened);
        Assert.Equal(8, sink.StatementsPrepared);
        Assert.Equal(10, _database.Count("users"));
    }

    [Fact]
    public async Task A_missing_table_fails_with_a_non_transient_schema_error_naming_it()
    {
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table(name: "no_such_table"));
        var exception = await Assert.ThrowsAsync<BatchSchemaException>(() => sink.WriteAsync(Users.Make(1), default).AsTask());
        Assert.StartsWith("Table \"no_such_table\" cannot be written: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no such table", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.IsType<SqliteException>(exception.InnerException).SqliteErrorCode);
        Assert.False(sink.IsTransient(exception));
    }

    [Fact]
    public async Task A_missing_column_fails_with_a_schema_error_naming_it()
    {
        _database.Execute("CREATE TABLE narrow (id INTEGER PRIMARY KEY, name TEXT)");
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table(name: "narrow"));
        var exception = await Assert.ThrowsAsync<BatchSchemaException>(() => sink.WriteAsync(Users.Make(1), default).AsTask());
        Assert.Contains("has no column named", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _database.Count("narrow"));
    }

    [Fact]
    public async Task A_writer_that_writes_too_few_values_fails_the_batch_and_commits_nothing()
    {
        var writer = new DelegateRowWriter<User>((in User row, ref SqliteRowBinder binder) =>
        {
            binder.WriteInt64(row.Id);
            binder.WriteString(row.Name);
            binder.WriteNull();
        });
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table().WithWriter(writer), 4, null);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(Users.Make(6), default).AsTask());
        Assert.Contains("wrote 3 values for a row of 4 columns", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _database.Count("users"));
    }

    [Fact]
    public async Task A_cancelled_token_writes_nothing()
    {
        await using var sink = Sink();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.WriteAsync(Users.Make(10), cancelled.Token).AsTask());
        Assert.Equal(0, _database.Count("users"));
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_a_lock_ends_the_write_without_committing()
    {
        using var blocker = _database.Open();
        TestDatabase.Execute(blocker, "BEGIN IMMEDIATE");
        await using var sink = Sink(busyTimeout: TimeSpan.FromSeconds(30));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => sink.WriteAsync(Users.Make(10), timeout.Token).AsTask()));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        TestDatabase.Execute(blocker, "COMMIT");
        Assert.Equal(0, _database.Count("users"));
        await sink.WriteAsync(Users.Make(10), default);
        Assert.Equal(10, _database.Count("users"));
    }

    [Fact]
    public async Task Cancellation_interrupts_a_running_statement_and_commits_nothing()
    {
        // The session is opened and its statements prepared first, so the write below only runs its statements.
        await using var sink = Sink();
        await sink.WriteAsync(Users.Make(1, firstId: 1_000), default);

        // A trigger that keeps SQLite busy for far longer than the test waits.
        _database.Execute(
            "CREATE TRIGGER slow AFTER INSERT ON users BEGIN " +
            "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 10000000000) SELECT x FROM c); END");
        using var cancel = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();
        var write = Task.Run(() => sink.WriteAsync(Users.Make(10), cancel.Token).AsTask());

        // Cancel only once the write holds the database's write lock and has had time to enter its INSERT: cancelled
        // any earlier, it would stop before running a statement, which is not what this test is about.
        await WaitUntilTheWriteLockIsTakenAsync(write);
        await Task.Delay(100);
        await cancel.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(cancel.Token, exception.CancellationToken);
        Assert.Equal(SQLitePCL.raw.SQLITE_INTERRUPT, Assert.IsType<SqliteException>(exception.InnerException).SqliteErrorCode);

        _database.Execute("DROP TRIGGER slow");
        Assert.Equal(1, _database.Count("users"));
    }

    /// <summary>Polls with <c>BEGIN IMMEDIATE</c> on a connection of its own until another connection holds the write lock.</summary>
    private async Task WaitUntilTheWriteLockIsTakenAsync(Task write)
    {
        // Through SQLite's own API: Microsoft.Data.Sqlite's commands would wait out a busy database by themselves.
        using var probe = _database.Open();
        TestDatabase.Execute(probe, "PRAGMA busy_timeout = 0");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rc = SQLitePCL.raw.sqlite3_exec(probe.Handle, "BEGIN IMMEDIATE");
            if (rc == SQLitePCL.raw.SQLITE_BUSY)
            {
                return;
            }

            Assert.Equal(SQLitePCL.raw.SQLITE_OK, rc);
            Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(probe.Handle, "ROLLBACK"));

            Assert.False(write.IsCompleted, "The write ended before it took the write lock.");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The write did not take the write lock within 30 s.");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Writing_after_dispose_throws_ObjectDisposedException()
    {
        var sink = Sink();
        await sink.WriteAsync(Users.Make(1), default);
        await sink.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sink.WriteAsync(Users.Make(1, firstId: 2), default).AsTask());
        await sink.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_closes_the_connections_so_the_database_can_change_journal_mode()
    {
        var sink = Sink();
        await sink.WriteAsync(Users.Make(1), default);
        await sink.DisposeAsync();

        // WAL can only be entered when no other connection is open on the database.
        SqliteConnection.ClearAllPools();
        Assert.Equal("wal", _database.Scalar<string>("PRAGMA journal_mode = WAL"));
    }

    [Fact]
    public async Task Concurrent_writes_use_separate_sessions_and_all_commit()
    {
        // The first write is held inside its INSERT, holding its session (and SQLite's write lock); three more writes
        // started meanwhile must each open a session of their own, then wait for the lock and commit.
        using var firstInside = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var writer = new DelegateRowWriter<User>((in User row, ref SqliteRowBinder binder) =>
        {
            if (row.Name == "held")
            {
                firstInside.Release();
                release.Wait(TimeSpan.FromSeconds(30));
            }

            UserWriter.Instance.Write(in row, ref binder);
        });
        await using var sink = new SqliteBatchSink<User>(_database.ConnectionString, Users.Table().WithWriter(writer), 4, TimeSpan.FromSeconds(30));

        var first = Task.Run(() => sink.WriteAsync(new User[] { new(1, "held", null, DateTime.UnixEpoch) }.Concat(Users.Make(49, firstId: 2)).ToArray(), default).AsTask());
        Assert.True(await firstInside.WaitAsync(TimeSpan.FromSeconds(30)), "The first write did not reach its INSERT.");
        var others = Enumerable.Range(1, 3).Select(worker => Task.Run(() => sink.WriteAsync(Users.Make(50, firstId: 1 + (worker * 50)), default).AsTask())).ToArray();
        var clock = Stopwatch.StartNew();
        while (sink.SessionsOpened < 4)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Only {sink.SessionsOpened} sessions were opened for four writes in progress.");
            await Task.Delay(5);
        }

        release.Set();
        await Task.WhenAll([first, .. others]);

        Assert.Equal(200, _database.Count("users"));
        Assert.Equal(4, sink.SessionsOpened);
        Assert.Equal(4, sink.Sessions.IdleCount);
    }

    [Fact]
    public async Task A_connection_unused_for_a_minute_of_the_flows_clock_is_closed_and_the_next_batch_opens_one()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var sink = Sink();
        await using var flow = new BatchFlow<User>(sink, new BatchFlowOptions { FlushSize = 10, TimeProvider = time });
        foreach (var user in Users.Make(10))
        {
            await flow.SubmitAsync(user);
        }

        await flow.FlushAsync();
        Assert.Equal(1, sink.Sessions.IdleCount);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, sink.Sessions.IdleCount);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, sink.Sessions.IdleCount);

        foreach (var user in Users.Make(10, firstId: 11))
        {
            await flow.SubmitAsync(user);
        }

        await flow.FlushAsync();
        Assert.Equal(2, sink.SessionsOpened);
        Assert.Equal(20, _database.Count("users"));
    }

    [Fact]
    public async Task Writes_one_after_another_reuse_one_session()
    {
        await using var sink = Sink();
        for (var batch = 0; batch < 10; batch++)
        {
            await sink.WriteAsync(Users.Make(50, firstId: 1 + (batch * 50)), default);
        }

        Assert.Equal(500, _database.Count("users"));
        Assert.Equal(1, sink.SessionsOpened);
        Assert.Equal(1, sink.Sessions.IdleCount);
    }

    [Fact]
    public async Task Writing_rows_allocates_nothing_per_row()
    {
        await using var sink = Sink();
        var warmUp = Users.Make(1_000, firstId: 1);
        var small = Users.Make(1_000, firstId: 10_001);
        var large = Users.Make(5_000, firstId: 20_001);
        await sink.WriteAsync(warmUp, default);

        var before = GC.GetAllocatedBytesForCurrentThread();
        await sink.WriteAsync(small, default);
        var smallBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        await sink.WriteAsync(large, default);
        var largeBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        // 4,000 more rows: any per-row allocation would show as thousands of bytes.
        Assert.InRange(largeBytes - smallBytes, long.MinValue, 256);
    }
}
