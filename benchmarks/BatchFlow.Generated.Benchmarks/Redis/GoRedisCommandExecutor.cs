using BatchFlow.Benchmarks.Rows;
using StackExchange.Redis;

namespace BatchFlow.Benchmarks.Redis;

/// <summary>
/// Port of the Go design's Redis executor, the sink behind <see cref="Core.GoPort.RequestFlow"/> in
/// <see cref="RedisEndToEndBenchmarks.GoRawCommandPort"/>: every row of a batch is a positional raw command
/// (<c>[]any{cmd, key, ttl, value}</c>, here <c>SETEX users:42 3600 &lt;value&gt;</c>) sent untyped through
/// <see cref="IDatabaseAsync.ExecuteAsync(string, object[])"/> without waiting in between (Go: <c>pipe.Do</c> per row,
/// then <c>pipe.Exec</c>); the replies are awaited together and the rows' errors joined into one error per batch
/// (Go: <c>errors.Join</c>), handed to the flow's error handler. Nothing is retried and no row is told apart: a batch
/// either reports no error or one joined error.
/// </summary>
public sealed class GoRedisCommandExecutor : IBatchSink<object?[]>
{
    private readonly IDatabaseAsync _database;
    private readonly Action<Exception, int> _onError;

    /// <param name="database">The database every command goes to.</param>
    /// <param name="onError">The Go flow's error handler: the batch's joined error and how many rows failed in it.</param>
    public GoRedisCommandExecutor(IDatabaseAsync database, Action<Exception, int> onError)
    {
        _database = database;
        _onError = onError;

        // Metadata only (the flow in front of it is the Go port, which reads none of it).
        Table = new TableDescription<object?[]>("users", Conflict.None, [.. UserRowFlow.Table.Columns], keyComparer: null, Core.NoRowWriter<object?[]>.Instance);
    }

    public string Provider => "redis";

    public TableDescription<object?[]> Table { get; }

    public async ValueTask WriteAsync(ReadOnlyMemory<object?[]> rows, CancellationToken cancellationToken)
    {
        var replies = new Task<RedisResult>[rows.Length];
        var span = rows.Span;
        for (var i = 0; i < span.Length; i++)
        {
            var row = span[i];

            // Go: args := row[1:]; pipe.Do(ctx, append([]any{row[0]}, args...)...): every value boxed, the command by name.
            var args = new object[row.Length - 1];
            for (var c = 1; c < row.Length; c++)
            {
                args[c - 1] = row[c]!;
            }

            replies[i] = _database.ExecuteAsync((string)row[0]!, args);
        }

        try
        {
            await Task.WhenAll(replies).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The Go executor collects every row's error below instead of stopping at the first.
        catch (Exception)
#pragma warning restore CA1031
        {
            var errors = new List<Exception>();
            foreach (var reply in replies)
            {
                if (reply.Exception is { } error)
                {
                    errors.Add(error.InnerException ?? error);
                }
            }

            _onError(new AggregateException("Redis pipeline: " + errors.Count + " command(s) failed.", errors), errors.Count);
        }
    }

    public bool IsTransient(Exception exception) => false;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
