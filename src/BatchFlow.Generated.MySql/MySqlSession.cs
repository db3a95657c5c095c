using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>
/// One open connection a sink keeps between batches, with what it has set up on it: the strict session settings, the
/// staging table of an upserting table and the prepared INSERT statements by row count. A session that saw any failure
/// is disposed, never reused, so every retry and every half of a split batch starts on a healthy connection.
/// </summary>
internal sealed class MySqlSession : IAsyncDisposable
{
    /// <summary>The most statements of a size that is not a power of two one session prepares (<see cref="RowsPerStatement"/>).</summary>
    internal const int MaxExactSizes = 4;

    /// <summary>The fewest rows a statement of a size that is not a power of two holds; smaller counts are a few powers of two.</summary>
    internal const int MinExactRows = 256;

    /// <summary>The most row counts <see cref="RowsPerStatement"/> remembers before it forgets them all.</summary>
    private const int MaxSeenSizes = 64;

    private readonly Dictionary<int, MySqlCommand> _inserts = [];
    private readonly HashSet<int> _seen = [];
    private int _exactSizes;
    private bool _staging;

    private MySqlSession(MySqlConnection connection) => Connection = connection;

    public MySqlConnection Connection { get; }

    /// <summary>Whether the connection can still be used (MySqlConnector closes a broken one).</summary>
    public bool IsUsable => Connection.State == System.Data.ConnectionState.Open;

    /// <summary>The server's id of the connection (for <c>KILL</c> in tests).</summary>
    public int ServerThread => Connection.ServerThread;

    /// <summary>Opens a connection and makes its session strict (<see cref="MySqlSql.SessionSetup"/>).</summary>
    public static async Task<MySqlSession> OpenAsync(MySqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var setup = new MySqlCommand(MySqlSql.SessionSetup, connection);
            await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new MySqlSession(connection);
    }

    /// <summary>
    /// Creates the staging table of <paramref name="plan"/> on first use, and empties it (TRUNCATE) before every later
    /// batch. Call it before the batch's transaction begins.
    /// </summary>
    public async ValueTask EnsureStagingAsync(MySqlTablePlan plan, CancellationToken cancellationToken)
    {
        if (_staging)
        {
            await using var truncate = new MySqlCommand(MySqlSql.TruncateStaging, Connection);
            await truncate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var create = new MySqlCommand(plan.CreateStaging, Connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _staging = true;
    }

    /// <summary>
    /// How many of the <paramref name="fit"/> rows that would fit in one statement the next INSERT takes. A count already
    /// prepared is taken whole. So is a count of at least <see cref="MinExactRows"/> rows seen before on this session
    /// (a batch size that recurs, as full batches of the flow's <c>FlushSize</c> do), while fewer than
    /// <see cref="MaxExactSizes"/> such statements exist: one statement, one round trip, for the whole batch. Any other
    /// count takes the largest power of two up to <see cref="MySqlTablePlan.MaxRowsPerInsert"/>, so that odd counts are
    /// sums of a few statements the session keeps.
    /// </summary>
    /// <param name="fit">Rows that fit in one statement (placeholders and packet size), at least 1.</param>
    /// <param name="plan">The table's plan.</param>
    public int RowsPerStatement(int fit, MySqlTablePlan plan)
    {
        if (_inserts.ContainsKey(fit))
        {
            return fit;
        }

        if (fit >= MinExactRows && _exactSizes < MaxExactSizes)
        {
            if (!_seen.Add(fit))
            {
                _exactSizes++;
                return fit;
            }

            if (_seen.Count > MaxSeenSizes)
            {
                _seen.Clear();
            }
        }

        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Min(fit, plan.MaxRowsPerInsert) + 1) / 2;
    }

    /// <summary>The prepared INSERT of <paramref name="rows"/> rows, prepared on first use.</summary>
    public async ValueTask<MySqlCommand> InsertAsync(MySqlTablePlan plan, int rows, CancellationToken cancellationToken)
    {
        if (_inserts.TryGetValue(rows, out var insert))
        {
            return insert;
        }

        insert = new MySqlCommand(plan.Insert(rows), Connection);
        try
        {
            var count = rows * plan.Table.Columns.Count;
            for (var i = 0; i < count; i++)
            {
                insert.Parameters.Add(new MySqlParameter());
            }

            await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await insert.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _inserts[rows] = insert;
        return insert;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values)
        {
            await insert.DisposeAsync().ConfigureAwait(false);
        }

        _inserts.Clear();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
