using Npgsql;

namespace BatchFlow.PostgreSql;

/// <summary>
/// One open connection a sink keeps between batches, with what it has set up on it: the staging table and the
/// prepared merge of an upserting table. A session that saw any failure is disposed, never reused, so every retry
/// and every half of a split batch starts on a healthy connection.
/// </summary>
internal sealed class PostgresSession : IAsyncDisposable
{
    private NpgsqlCommand? _merge;

    private PostgresSession(NpgsqlConnection connection) => Connection = connection;

    public NpgsqlConnection Connection { get; }

    /// <summary>Whether the connection can still be used (a broken one is closed by Npgsql).</summary>
    public bool IsUsable => Connection.FullState == System.Data.ConnectionState.Open;

    public static async Task<PostgresSession> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresSession(connection);
    }

    /// <summary>The merge statement of <paramref name="plan"/>, created with the staging table on first use and prepared.</summary>
    public async ValueTask<NpgsqlCommand> MergeAsync(PostgresTablePlan plan, CancellationToken cancellationToken)
    {
        if (_merge is { } merge)
        {
            return merge;
        }

        await using (var create = new NpgsqlCommand(plan.CreateStaging, Connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        merge = new NpgsqlCommand(plan.Merge, Connection);
        try
        {
            await merge.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await merge.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return _merge = merge;
    }

    public async ValueTask DisposeAsync()
    {
        if (_merge is { } merge)
        {
            await merge.DisposeAsync().ConfigureAwait(false);
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
