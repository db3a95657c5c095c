using System.Text.Json;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>
/// Writes each row of <typeparamref name="T"/> as one JSON object, a Redis string value (<c>SET</c>), at
/// <c>{prefix}{separator}{key1}{separator}{key2}…</c> (<see cref="RedisKeyOptions"/>). Generated
/// <c>{Type}Flow.RedisJson(redis)</c> factories create it.
/// </summary>
/// <remarks>
/// <para>
/// Property names are the column names (key members included); a null member is a JSON null; values are in the forms
/// System.Text.Json reads back by default (see <c>RedisJsonWriter</c> and the package README), so
/// <c>JsonSerializer.Deserialize&lt;T&gt;</c> with the snake_case naming policy rebuilds the row. NaN and the infinities
/// have no JSON form and fail their row; so does text with an unpaired surrogate. The rows are encoded by the generated
/// writer through <see cref="Utf8JsonWriter"/> into pooled memory: no reflection, no serializer.
/// </para>
/// <para>
/// A batch is one pipeline, each row's outcome reported on its own (<see cref="IRowOutcomeSink{T}"/>). Each row is one
/// atomic command: <see cref="Conflict.None"/> a script doing <c>SET NX</c> that fails the row with <c>KEYEXISTS</c>
/// when the key exists, unless the stored value is byte for byte this row (its own earlier write whose reply was lost);
/// <see cref="Conflict.Ignore"/> <c>SET NX</c>, a success whether or not it set; <see cref="Conflict.Update"/> and
/// <see cref="Conflict.Replace"/> both a plain <c>SET</c> that overwrites the value: a single value has no fields to
/// keep. An <see cref="RedisKeyOptions.Expiry"/> is set with the write (<c>PX</c>); without one a write clears any
/// earlier expiry.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RedisJsonSink<T> : IRowOutcomeSink<T>
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeyLayout _layout;
    private readonly WriteColumns<T, RedisJsonWriter> _write;
    private readonly JsonEncodedText[] _names;
    private readonly bool[] _isKey;
    private readonly Expiration _expiration;
    private bool _disposed;

    /// <summary>Creates the sink.</summary>
    /// <param name="redis">The connection (StackExchange.Redis's <see cref="IConnectionMultiplexer"/>). The sink does not own it: dispose it after the flow.</param>
    /// <param name="table">The generated table description; it needs key columns (<see cref="BatchKeyAttribute"/>).</param>
    /// <param name="keys">The key prefix and separator, an expiry and the database; null for the table name, <c>:</c>, no expiry and the default database.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> or <paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The table has no key columns.</exception>
    public RedisJsonSink(IConnectionMultiplexer redis, TableDescription<T> table, RedisKeyOptions? keys = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(table);
        _layout = RedisKeyLayout.For<T>(table, keys);
        _redis = redis;
        Table = table;
        _write = table.Writer.Write<RedisJsonWriter>;
        _names = [.. table.Columns.Select(static c => JsonEncodedText.Encode(c.Name))];
        _isKey = RedisKeyLayout.KeyFlags(table);
        _expiration = _layout.Expiry is { } expiry ? new Expiration(expiry) : Expiration.Default;
    }

    /// <inheritdoc />
    public string Provider => RedisHashSink<T>.ProviderName;

    /// <inheritdoc />
    public string OperationName => "SET";

    /// <inheritdoc />
    public TableDescription<T> Table { get; }

    /// <summary>1,000 rows, 100 ms, 4 concurrent writes and at most 4,000 rows in flight, as for the hash sink.</summary>
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
        var bytes = new PooledBytes();
        try
        {
            using var pipeline = new RedisPipeline(rows.Length);
            using (var key = new RedisKeyBuilder(_layout.Prefix, _layout.Separator))
            using (var json = new Utf8JsonWriter(bytes))
            {
                Send(database, rows.Span, key, json, bytes, pipeline, outcomes, cancellationToken);
            }

            await pipeline.CompleteAsync(outcomes, cancellationToken).ConfigureAwait(false);
            if (pipeline.Abandoned)
            {
                bytes.Abandon();
            }
        }
        finally
        {
            bytes.Dispose();
        }
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

    private void Send(IDatabaseAsync database, ReadOnlySpan<T> rows, RedisKeyBuilder key, Utf8JsonWriter json, PooledBytes bytes, RedisPipeline pipeline, RowOutcomes outcomes, CancellationToken cancellationToken)
    {
        var columns = Table.Columns;
        var writer = new RedisJsonWriter(json, _names, columns, _isKey, key);
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

            bytes.Clear();
            json.Reset(bytes);
            try
            {
                writer.StartRow();
                rowWriter(in rows[i], ref writer);
                if (writer.Written != columns.Count)
                {
                    throw RedisKeyLayout.WrongValueCount(rowWriter.Target, writer.Written, columns.Count);
                }

                writer.EndRow();
            }
            catch (ArgumentException refused)
            {
                // NaN, an infinity, an unpaired surrogate or a null key member: this row alone fails, unsent.
                outcomes.Fail(i, refused);
                continue;
            }

            RedisValue value = bytes.Keep();
            Task reply;
            try
            {
                reply = Command(database, key.Build(), value);
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

    private Task Command(IDatabaseAsync database, RedisKey key, RedisValue value) => Table.Conflict switch
    {
        Conflict.None => database.ScriptEvaluateAsync(RedisScripts.JsonNone, [key], [value, _layout.ExpiryMilliseconds]),
        Conflict.Ignore => database.StringSetAsync(key, value, _expiration, ValueCondition.NotExists),
        _ => database.StringSetAsync(key, value, _expiration, ValueCondition.Always),
    };
}
