using BatchFlow.ShutdownHost;

namespace BatchFlow.Shutdown.Tests.Support;

/// <summary>
/// The database of one test, of its own (a SQLite file in a temp folder, a PostgreSQL schema), with the host's tables
/// created; dropped afterwards.
/// </summary>
public abstract class ShutdownDatabase : IAsyncDisposable
{
    /// <summary>The host's <c>--db</c> and <c>--connection</c> switches for this database.</summary>
    public abstract IReadOnlyList<string> HostArguments { get; }

    /// <summary>What <paramref name="table"/> holds.</summary>
    public abstract Task<StoredRows> CountAsync(string table);

    /// <summary>
    /// Takes a lock that stalls every write to <paramref name="table"/> until it is disposed, waiting while a write of
    /// the host's holds it.
    /// </summary>
    public abstract Task<IAsyncDisposable> HoldWriteLockAsync(string table, TimeSpan timeout);

    /// <summary>A flow of the test's own into the host's table of <see cref="ShutdownUser"/> rows.</summary>
    public abstract ShutdownUserFlow UsersFlow(BatchFlowOptions? options = null);

    public abstract ValueTask DisposeAsync();
}
