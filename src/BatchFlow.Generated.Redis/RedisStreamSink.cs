using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>
/// Appends each row of <typeparamref name="T"/> as one entry of a Redis stream (<c>XADD key * field value …</c>, fields
/// = column names, a null member = an absent field). Generated <c>{Type}Flow.RedisStream(redis, streamKey)</c>
/// factories create it.
/// </summary>
/// <remarks>
/// <para>
/// A batch is one pipeline of <c>XADD</c>s, each row's outcome reported on its own (<see cref="IRowOutcomeSink{T}"/>).
/// Only <see cref="Conflict.None"/> has a meaning for an append-only log: a table with another mode is refused.
/// </para>
/// <para>
/// Delivery is <b>at least once</b>: when a reply is lost (the connection drops, or the attempt times out, after the
/// server appended the entry) the row is retried and the stream holds it twice. Consumers that must not see a row
/// twice deduplicate on the row's own key.
/// </para>
/// <para>
/// With <see cref="RedisStreamOptions.Partitions"/> above 1 the rows are spread over <c>{streamKey}:0</c> …
/// <c>{streamKey}:N-1</c> by a stable hash of their key (<see cref="RedisStreamPartitions"/>): one key's rows always
/// go to the same partition, in the order they were sent. Entries read back with <see cref="RedisStreamRows"/>.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RedisStreamSink<T> : IRowOutcomeSink<T>
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKey[] _streams;
    private readonly string[] _streamKeys;
    private readonly long? _maxLength;
    private readonly int _database;
    private readonly WriteColumns<T, RedisValueWriter> _write;
    private readonly RedisValue[] _fields;
    private readonly bool[] _isKey;
    private static readonly BatchSinkDefaults s_ordered = RedisDefaults.Value with { MaxConcurrentFlushes = 1 };
    private bool _disposed;

    /// <summary>Creates the sink.</summary>
    /// <param name="redis">The connection (StackExchange.Redis's <see cref="IConnectionMultiplexer"/>). The sink does not own it: dispose it after the flow.</param>
    /// <param name="streamKey">The key of the stream every row is appended to.</param>
    /// <param name="table">The generated table description; its conflict mode must be <see cref="Conflict.None"/> unless the stream feeds a relay (<see cref="RedisStreamOptions.ForRelay"/>).</param>
    /// <param name="stream">Trimming, the database and the partitions; null for no trimming, the default database and one stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> or <paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="streamKey"/> is empty, the table's conflict mode is not <see cref="Conflict.None"/> and
    /// <see cref="RedisStreamOptions.ForRelay"/> is not set, or more than
    /// one partition is asked for while the table has no key columns or the stream key has a hash tag.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A trimming length, database or partition count is out of range.</exception>
    public RedisStreamSink(IConnectionMultiplexer redis, string streamKey, TableDescription<T> table, RedisStreamOptions? stream = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(streamKey);
        ArgumentNullException.ThrowIfNull(table);
        stream ??= new RedisStreamOptions();
        if (table.Conflict != Conflict.None && !stream.ForRelay)
        {
            throw new ArgumentException(
                $"Table '{table.Name}' ({typeof(T).FullName}) uses Conflict.{table.Conflict}, but a Redis stream only appends: the stream sink supports Conflict.None alone. If a relay writes the stream into the table with that mode, say so with RedisStreamOptions.ForRelay = true.",
                nameof(table));
        }

        if (stream.MaxLength is { } maxLength)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength, nameof(stream));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stream.Database, -1, nameof(stream));
        RedisStreamPartitions.CheckCount(stream.Partitions, nameof(stream));
        RedisStreamPartitions.RequireKey(table, stream.Partitions);
        _redis = redis;
        _streamKeys = [.. RedisStreamPartitions.Keys(streamKey, stream.Partitions)];
        _streams = [.. _streamKeys.Select(static k => (RedisKey)k)];
        _maxLength = stream.MaxLength;
        _database = stream.Database;
        Table = table;
        _write = table.Writer.Write<RedisValueWriter>;
        _fields = RedisKeyLayout.FieldNames(table);
        // The key members are gathered only to pick a partition.
        _isKey = _streams.Length > 1 ? RedisKeyLayout.KeyFlags(table) : new bool[table.Columns.Count];
    }

    /// <summary>The stream keys rows are appended to, in partition order: the key given, or <c>{streamKey}:0</c> … <c>{streamKey}:N-1</c>.</summary>
    public IReadOnlyList<string> StreamKeys => _streamKeys;

    /// <inheritdoc />
    public string Provider => RedisHashSink<T>.ProviderName;

    /// <inheritdoc />
    public string OperationName => "XADD";

    /// <inheritdoc />
    public TableDescription<T> Table { get; }

    /// <summary>
    /// One stream: 1,000 rows, 100 ms, 4 concurrent writes and at most 4,000 rows in flight, as for the hash sink.
    /// Partitioned: 1,000 rows, 100 ms and one write at a time, so that one key's rows are appended in the order they
    /// were submitted (the core starts concurrent writes on the thread pool, and two batches in flight could interleave);
    /// a flow that sets <see cref="BatchFlowOptions.MaxConcurrentFlushes"/> above 1 trades that order for throughput.
    /// </summary>
    public BatchSinkDefaults Defaults => _streams.Length > 1 ? s_ordered : RedisDefaults.Value;

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

        var database = _redis.GetDatabase(_database);
        using var pipeline = new RedisPipeline(rows.Length);
        Send(database, rows.Span, pipeline, outcomes, cancellationToken);
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

    private void Send(IDatabaseAsync database, ReadOnlySpan<T> rows, RedisPipeline pipeline, RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        var values = new RedisValue[Table.Columns.Count];
        using var key = _streams.Length > 1 ? new RedisKeyBuilder("", RedisStreamPartitions.Separator) : null;
        var writer = new RedisValueWriter(values, Table.Columns, _isKey, key);
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
                outcomes.Fail(i, refused);
                continue;
            }

            if (writer.Written != values.Length)
            {
                throw RedisKeyLayout.WrongValueCount(rowWriter.Target, writer.Written, values.Length);
            }

            var entries = new NameValueEntry[values.Length - writer.Nulls];
            var e = 0;
            for (var c = 0; c < values.Length; c++)
            {
                if (!values[c].IsNull)
                {
                    entries[e++] = new NameValueEntry(_fields[c], values[c]);
                }
            }

            var partition = 0;
            if (key is not null)
            {
                try
                {
                    partition = RedisStreamPartitions.Hash(RedisStreamPartitions.KeyText(key), _streams.Length);
                }
                catch (ArgumentException refused)
                {
                    outcomes.Fail(i, refused);
                    continue;
                }
            }

            Task reply;
            try
            {
                reply = database.StreamAddAsync(_streams[partition], entries, messageId: null, maxLength: _maxLength, useApproximateMaxLength: _maxLength is not null);
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
}
