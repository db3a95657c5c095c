using BatchFlow.PostgreSql;
using BatchFlow.Sqlite;
using Npgsql;

namespace BatchFlow.ShutdownHost;

/// <summary>
/// Creates the host's flows the way a user's glue does (<c>ShutdownUserFlow.Sqlite(...)</c>,
/// <c>ShutdownUserFlow.Postgres(...)</c>), with the settings of the command line.
/// </summary>
public sealed class Flows(HostSettings settings)
{
    /// <summary>The flow of <see cref="ShutdownUser"/> rows, as fast as the producer can submit them.</summary>
    /// <param name="dataSource">PostgreSQL only: where connections come from.</param>
    /// <param name="baseOptions">Options to start from (a host's, with its logger factory), or null.</param>
    public ShutdownUserFlow Users(NpgsqlDataSource? dataSource, BatchFlowOptions? baseOptions)
    {
        var options = baseOptions is null ? new BatchFlowOptions<ShutdownUser>() : new BatchFlowOptions<ShutdownUser>(baseOptions);
        options.Capacity = settings.Capacity;
        options.FlushSize = settings.FlushSize;
        options.DeadLetterDirectory = settings.DeadLetters;
        options.ProcessExitTimeout = settings.ProcessExitTimeout;
        // Rows that fail for good, and rows abandoned at the shutdown deadline when there is no dead-letter directory,
        // are printed as they come, so that they are counted even when the flow completes only at process exit.
        options.OnFailure = failure =>
        {
            Output.Failed(failure.Table, failure.Rows.Count, failure.Exception);
            return ValueTask.CompletedTask;
        };

        var own = settings.Table == ShutdownSchema.UsersTable;
        return settings.Database switch
        {
            Database.Sqlite when own => ShutdownUserFlow.Sqlite(ShutdownSchema.SqliteConnectionString(settings.Connection), options),
            Database.Sqlite => ShutdownUserFlow.Create(
                new SqliteBatchSink<ShutdownUser>(ShutdownSchema.SqliteConnectionString(settings.Connection), ShutdownSchema.Users(settings.Table)), options),
            _ when own => ShutdownUserFlow.Postgres(dataSource!, options),
            _ => ShutdownUserFlow.Create(new PostgresBatchSink<ShutdownUser>(dataSource!, ShutdownSchema.Users(settings.Table)), options),
        };
    }

    /// <summary>
    /// The flow of <see cref="ShutdownReject"/> rows, which all fail (<c>note NOT NULL</c>), with no failure handler: its
    /// completion faults and it logs the lost rows, and none of that may keep the other flow from writing its rows.
    /// </summary>
    public ShutdownRejectFlow Rejects(NpgsqlDataSource? dataSource, BatchFlowOptions? baseOptions)
    {
        var options = baseOptions is null ? new BatchFlowOptions() : new BatchFlowOptions<ShutdownReject>(baseOptions);
        options.ProcessExitTimeout = settings.ProcessExitTimeout;
        return settings.Database == Database.Sqlite
            ? ShutdownRejectFlow.Sqlite(ShutdownSchema.SqliteConnectionString(settings.Connection), options)
            : ShutdownRejectFlow.Postgres(dataSource!, options);
    }
}
