using System.Globalization;
using BatchFlow.Benchmarks.Redis;
using BatchFlow.Redis;
using StackExchange.Redis;

namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// Redis, one hash per row at <c>{prefix}:{key}</c> in a database of its own; the baseline is one typed
/// <c>HashSetAsync</c> per row sent without waiting, awaited per batch (RedisEndToEndBenchmarks' RawHashSet at any width).
/// </summary>
internal sealed class RedisTarget : ScalingTarget
{
    private const int Database = 4;

    private readonly string _prefix = $"scale{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
    private ConnectionMultiplexer? _admin;
    private IServer? _server;
    private ConnectionMultiplexer? _redis;
    private RedisValue[] _fields = [];
    private RedisKey[] _keys = [];

    public override async Task SetUpAsync(string name, IReadOnlyList<ColumnDescription> columns)
    {
        _admin = await ConnectionMultiplexer.ConnectAsync(RedisBench.Configuration).ConfigureAwait(false);
        _server = _admin.GetServers() is [var server] && !server.IsReplica
            ? server
            : throw new InvalidOperationException("BATCHFLOW_REDIS must name one standalone Redis server (the suite empties one of its databases with FLUSHDB).");
        _redis = await ConnectionMultiplexer.ConnectAsync(RedisBench.Configuration).ConfigureAwait(false);
        _fields = [.. columns.Select(c => (RedisValue)c.Name)];
        Reset();
    }

    public override void Reset() => _server!.FlushDatabase(Database);

    public override long CountStored() => _server!.DatabaseSize(Database);

    public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) =>
        new RedisHashSink<T>(_redis!, table, new RedisKeyOptions { Prefix = _prefix, Database = Database });

    public override async Task WriteRawAsync<T>(ColumnarRows data, T[] rows, int batchSize, int producers)
    {
        if (_keys.Length != data.Count)
        {
            _keys = new RedisKey[data.Count];
            for (var i = 0; i < data.Count; i++)
            {
                _keys[i] = "raw" + _prefix + ":" + data.Int64(0, i).ToString(CultureInfo.InvariantCulture);
            }
        }

        var db = _redis!.GetDatabase(Database);
        var replies = new Task[batchSize];
        for (var offset = 0; offset < data.Count; offset += batchSize)
        {
            var count = Math.Min(batchSize, data.Count - offset);
            for (var i = 0; i < count; i++)
            {
                replies[i] = db.HashSetAsync(_keys[offset + i], Entries(data, offset + i));
            }

            await Task.WhenAll(replies.AsSpan(0, count)).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await _server!.FlushDatabaseAsync(Database).ConfigureAwait(false);
            await _admin.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A field per column, but none for a null (the flow's hash layout); text in the invariant round-trip formats.
    private HashEntry[] Entries(ColumnarRows data, int i)
    {
        var columns = data.Columns;
        var nulls = 0;
        for (var c = 0; c < columns.Count; c++)
        {
            nulls += columns[c].Type == ColumnType.String && data.String(c, i) is null ? 1 : 0;
        }

        var entries = new HashEntry[columns.Count - nulls];
        var e = 0;
        for (var c = 0; c < columns.Count; c++)
        {
            RedisValue value;
            switch (columns[c].Type)
            {
                case ColumnType.Int64:
                    value = data.Int64(c, i);
                    break;
                case ColumnType.Int32:
                    value = data.Int32(c, i);
                    break;
                case ColumnType.Double:
                    value = data.Double(c, i);
                    break;
                case ColumnType.Boolean:
                    value = data.Boolean(c, i);
                    break;
                case ColumnType.String:
                    if (data.String(c, i) is not { } text)
                    {
                        continue;
                    }

                    value = text;
                    break;
                case ColumnType.DateTime:
                    value = data.DateTime(c, i).ToString("O", CultureInfo.InvariantCulture);
                    break;
                case ColumnType.Guid:
                    value = data.Guid(c, i).ToString();
                    break;
                default:
                    throw new NotSupportedException(columns[c].Type.ToString());
            }

            entries[e++] = new HashEntry(_fields[c], value);
        }

        return entries;
    }
}
