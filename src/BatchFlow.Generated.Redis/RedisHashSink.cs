using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>
/// Writes each row of <typeparamref name="T"/> as one Redis hash at <c>{prefix}{separator}{key1}{separator}{key2}…</c>
/// (<c>users:42</c>; <see cref="RedisKeyOptions"/>). Generated <c>{Type}Flow.RedisHash(redis)</c> factories create it.
/// </summary>
/// <remarks>
/// <para>
/// The fields are the column names, key members included, so <c>HGETALL</c> gives back the whole row; a null member is
/// an absent field. Values are typed <see cref="RedisValue"/>s (see the package README for the type mapping).
/// </para>
/// <para>
/// A batch is one pipeline: every row's command is sent without waiting in between, then the replies are awaited
/// together, and each row that failed (a server error such as WRONGTYPE, a lost connection, a timeout) is reported on
/// its own (<see cref="IRowOutcomeSink{T}"/>): the other rows are applied, and only the failed ones are retried when
/// their error is transient. Each row is one atomic command:
/// <see cref="Conflict.None"/> a script that creates the hash, or fails the row with <c>KEYEXISTS</c> when the key
/// exists (unless the stored hash is field for field this row: its own earlier write whose reply was lost);
/// <see cref="Conflict.Ignore"/> a script that leaves an existing key alone; <see cref="Conflict.Update"/> a plain
/// <c>HSET</c> (sets the written fields, keeps the others), or a script that also deletes the fields of null members
/// and sets the expiry; <see cref="Conflict.Replace"/> a script that deletes the hash and writes the row (a key of another type fails the
/// row with WRONGTYPE instead of being deleted). With an
/// <see cref="RedisKeyOptions.Expiry"/>, each script sets it with the write.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RedisHashSink<T> : IRowOutcomeSink<T>
{
    /// <summary>The provider name used in metrics and traces (OpenTelemetry's <c>db.system.name</c>): <c>redis</c>.</summary>
    public const string ProviderName = "redis";

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeyLayout _layout;
    private readonly WriteColumns<T, RedisValueWriter> _write;
    private readonly RedisValue[] _fields;
    private readonly bool[] _isKey;
    private readonly string? _script;
    private bool _disposed;

    /// <summary>Creates the sink.</summary>
    /// <param name="redis">The connection (StackExchange.Redis's <see cref="IConnectionMultiplexer"/>). The sink does not own it: dispose it after the flow.</param>
    /// <param name="table">The generated table description; it needs key columns (<see cref="BatchKeyAttribute"/>).</param>
    /// <param name="keys">The key prefix and separator, an expiry and the database; null for the table name, <c>:</c>, no expiry and the default database.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> or <paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The table has no key columns.</exception>
    public RedisHashSink(IConnectionMultiplexer redis, TableDescription<T> table, RedisKeyOptions? keys = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(table);
        _layout = RedisKeyLayout.For<T>(table, keys);
        _redis = redis;
        Table = table;
        _write = table.Writer.Write<RedisValueWriter>;
        _fields = RedisKeyLayout.FieldNames(table);
        _isKey = RedisKeyLayout.KeyFlags(table);
        _script = table.Conflict switch
        {
            Conflict.None => RedisScripts.HashNone,
            Conflict.Ignore => RedisScripts.HashIgnore,
            Conflict.Update => RedisScripts.HashUpdate,
            Conflict.Replace => RedisScripts.HashReplace,
            _ => throw new ArgumentException($"Conflict.{table.Conflict} is not a conflict mode this sink knows.", nameof(table)),
        };
    }

    /// <inheritdoc />
    public string Provider => ProviderName;

    /// <inheritdoc />
    public string OperationName => "HSET";

    /// <inheritdoc />
    public TableDescription<T> Table { get; }

    /// <summary>
    /// 1,000 rows, 100 ms, 4 concurrent writes and at most 4,000 rows in flight: a pipeline of 1,000 commands costs
    /// about one round trip plus the server's work, and a few pipelines in flight keep the single-threaded server busy
    /// while the client encodes the next one; every pipeline shares the multiplexer's one connection, so with larger
    /// batches more of them in flight only add memory (<see cref="BatchSinkDefaults.MaxRowsInFlight"/>; see the
    /// package README).
    /// </summary>
    public BatchSinkDefaults Defaults => RedisDefaults.Value;

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<T> rows, RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.IsEmpty)
        {
            return;
        }

        var database = _redis.GetDatabase(_layout.Database);
        using var pipeline = new RedisPipeline(rows.Length);
        using (var key = new RedisKeyBuilder(_layout.Prefix, _layout.Separator))
        {
            Send(database, rows.Span, key, pipeline, outcomes, cancellationToken);
        }

        await pipeline.CompleteAsync(outcomes, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return RedisErrors.IsTransient(exception);
    }

    /// <inheritdoc />
    /// <remarks>True for NOAUTH, NOPERM, WRONGPASS and a failed authentication.</remarks>
    public bool IsBatchWide(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return RedisErrors.IsBatchWide(exception);
    }

    /// <summary>Nothing to close: the connection belongs to the caller.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return default;
    }

    private void Send(IDatabaseAsync database, ReadOnlySpan<T> rows, RedisKeyBuilder key, RedisPipeline pipeline, RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        var columns = Table.Columns;
        var values = new RedisValue[columns.Count];
        var writer = new RedisValueWriter(values, columns, _isKey, key);
        var rowWriter = _write;
        for (var i = 0; i < rows.Length; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                if (pipeline.Sent == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                RedisPipeline.FailUnsent(outcomes, i, rows.Length, cancellationToken);
                return;
            }

            writer.StartRow();
            try
            {
                rowWriter(in rows[i], ref writer);
            }
            catch (ArgumentException refused)
            {
                // A value the hash cannot hold exactly (an unpaired surrogate, a null key member): this row alone fails.
                outcomes.Fail(i, refused);
                continue;
            }

            if (writer.Written != values.Length)
            {
                throw RedisKeyLayout.WrongValueCount(rowWriter.Target, writer.Written, values.Length);
            }

            Task reply;
            try
            {
                reply = Command(database, key.Build(), values, writer.Nulls);
            }
#pragma warning disable CA1031 // A command that cannot even be queued fails its row; with nothing sent yet, the batch.
            catch (Exception exception) when (pipeline.Sent > 0)
#pragma warning restore CA1031
            {
                outcomes.Fail(i, exception);
                continue;
            }

            pipeline.Add(i, reply);
        }
    }

    private Task Command(IDatabaseAsync database, RedisKey key, RedisValue[] values, int nulls)
    {
        var present = values.Length - nulls;
        if (Table.Conflict == Conflict.Update && nulls == 0 && _layout.ExpiryMilliseconds == 0)
        {
            // The fast path: nothing to delete and no expiry, so a plain HSET is the whole of Update.
            var entries = new HashEntry[present];
            for (var c = 0; c < values.Length; c++)
            {
                entries[c] = new HashEntry(_fields[c], values[c]);
            }

            return database.HashSetAsync(key, entries);
        }

        var deletes = Table.Conflict == Conflict.Update ? nulls : 0;
        var args = new RedisValue[2 + (2 * present) + deletes];
        args[0] = _layout.ExpiryMilliseconds;
        args[1] = present;
        var set = 2;
        var delete = 2 + (2 * present);
        for (var c = 0; c < values.Length; c++)
        {
            if (!values[c].IsNull)
            {
                args[set++] = _fields[c];
                args[set++] = values[c];
            }
            else if (deletes > 0)
            {
                args[delete++] = _fields[c];
            }
        }

        return database.ScriptEvaluateAsync(_script!, [key], args);
    }
}

/// <summary>The defaults of every Redis sink.</summary>
internal static class RedisDefaults
{
    /// <summary>
    /// 1,000 rows, 100 ms, 4 concurrent writes, at most 4,000 rows in flight (so batches of 2,000 get 2 writes in flight,
    /// of 4,000 or more 1; see <see cref="RedisHashSink{T}.Defaults"/>).
    /// </summary>
    public static BatchSinkDefaults Value { get; } = new(1_000, TimeSpan.FromMilliseconds(100), 4) { MaxRowsInFlight = 4_000 };
}
