using System.Globalization;
using System.Text.Json;
using BatchFlow.Benchmarks.Core.GoPort;
using BatchFlow.Benchmarks.MySql;
using BatchFlow.Benchmarks.Postgres;
using BatchFlow.Benchmarks.Rows;
using BatchFlow.Redis;
using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace BatchFlow.Benchmarks.Redis;

/// <summary>
/// <see cref="TotalRows"/> user rows into Redis in batches of <see cref="BatchSize"/>, through the raw
/// StackExchange.Redis limits (<see cref="RawHashSet"/>: one typed <c>HSET</c> per row, pipelined, awaited per batch;
/// <see cref="RawStreamAdd"/>: the same with <c>XADD</c>), a port of the Go design's raw-command pipeline
/// (<see cref="GoRawCommandPort"/>), and the generated flows of BatchFlow.Generated.Redis: the hash layout under
/// <see cref="Conflict.None"/>, <see cref="Conflict.Ignore"/>, <see cref="Conflict.Update"/> and
/// <see cref="Conflict.Replace"/> (<c>RedisHash</c>) and the stream layout (<c>RedisStream</c>), each with
/// <c>FlushSize = BatchSize</c> and the provider's other defaults. Every path writes into a logical database of its own (<see cref="Database"/>),
/// emptied with FLUSHDB before each iteration and checked after it: the number of keys, the stream's length, a sample
/// of rows read back field by field (or value by value) against what was written, the server's command counters (a
/// path that silently took another command fails the run) and no failed row. Keys carry a per-process prefix. Each path
/// keeps its connection (a multiplexer of its own) for the whole process, as an application would; the checks go
/// through a separate admin connection. Figures are per row. The server is the standalone one <c>eng/redis.sh</c>
/// starts (BATCHFLOW_REDIS, a StackExchange.Redis configuration string with <c>allowAdmin=true</c>, for FLUSHDB and INFO).
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(Suites.Comparison)]
public class RedisEndToEndBenchmarks
{
    /// <summary>Rows per invocation (one invocation per iteration, because of the FLUSHDB reset).</summary>
    public const int TotalRows = 100_000;

    /// <summary>The suite's logical database: FLUSHDB there touches nothing of the tests (database 0).</summary>
    public const int Database = 3;

    /// <summary>The Go port's TTL in seconds (<c>SETEX key 3600 value</c>).</summary>
    private const int GoTtlSeconds = 3600;

    /// <summary>Every this many rows (and the first and the last) is read back after an iteration.</summary>
    private const int SampleStride = 97;

    /// <summary>Stream entries read back from each end after an iteration.</summary>
    private const int StreamSample = 1_000;

    /// <summary>What <c>HashSetAsync</c> with several fields sends: StackExchange.Redis still sends <c>HMSET</c> (the server counts it apart from <c>HSET</c>).</summary>
    private static readonly string[] s_hashSet = ["hset", "hmset"];

    private static readonly RedisValue s_id = "id";
    private static readonly RedisValue s_name = "name";
    private static readonly RedisValue s_email = "email";
    private static readonly RedisValue s_createdAt = "created_at";

    /// <summary>The value a Go-design user would hand the executor: the row as JSON (Go: <c>json.Marshal</c>), snake_case names.</summary>
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Schema s_goSchema = new("users", "cmd", "key", "ttl", "value");

    private readonly string _prefix = $"bench{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}:users";

    private ConnectionMultiplexer? _admin;
    private IServer? _server;
    private ConnectionMultiplexer? _redis;
    private IDatabase? _db;
    private UserRow[] _rows = [];
    private Layout _layout;
    private (string[] Commands, long Minimum)[] _commands = [];
    private Dictionary<string, long> _callsBefore = [];
    private long _failedRows;
    private Exception? _firstError;
    private bool _reported;

    private RequestFlow? _goPort;
    private IAsyncDisposable? _flow;
    private IgnoredUserRow[] _ignoreRows = [];
    private UpdatedUserRow[] _updateRows = [];
    private ReplacedUserRow[] _replaceRows = [];

    /// <summary>Rows per batch (per pipeline awaited, per flush) for every path.</summary>
    [Params(1_000, 10_000)]
    public int BatchSize { get; set; }

    /// <summary>What an iteration leaves in <see cref="Database"/>, and so how it is checked.</summary>
    private enum Layout
    {
        /// <summary>One hash per row at <c>{prefix}:{id}</c>, fields id, name, email (absent when null), created_at.</summary>
        Hash,

        /// <summary>One stream at <see cref="StreamKey"/>, one entry per row with the hash's fields.</summary>
        Stream,

        /// <summary>One string per row at <c>{prefix}:{id}</c>: the row as JSON, with a TTL.</summary>
        Json,
    }

    private string StreamKey => _prefix + "-stream";

    [GlobalSetup(Target = nameof(RawHashSet))]
    public Task SetUpRawHashSet() => SetUpAsync(Layout.Hash, (s_hashSet, TotalRows));

    [GlobalSetup(Target = nameof(RawStreamAdd))]
    public Task SetUpRawStreamAdd() => SetUpAsync(Layout.Stream, (["xadd"], TotalRows));

    [GlobalSetup(Target = nameof(GoRawCommandPort))]
    public async Task SetUpGoPort()
    {
        await SetUpAsync(Layout.Json, (["setex"], TotalRows)).ConfigureAwait(false);
        var executor = new GoRedisCommandExecutor(_db!, (error, rows) =>
        {
            Interlocked.CompareExchange(ref _firstError, error, null);
            Interlocked.Add(ref _failedRows, rows);
        });

        // The Go port's own queue capacity, as in CoreSubmitBenchmarks: a few batches.
        _goPort = new RequestFlow(executor, capacity: 4 * BatchSize, BatchSize);
    }

    [GlobalSetup(Target = nameof(GeneratedFlowHash))]
    public async Task SetUpHashFlow()
    {
        // Conflict.None: a script per row that creates the hash or fails the row with KEYEXISTS.
        await SetUpAsync(Layout.Hash, (["evalsha", "eval"], TotalRows)).ConfigureAwait(false);
        _flow = UserRowFlow.RedisHash(_redis!, Keys(), new BatchFlowOptions<UserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowHashIgnore))]
    public async Task SetUpHashIgnoreFlow()
    {
        await SetUpAsync(Layout.Hash, (["evalsha", "eval"], TotalRows)).ConfigureAwait(false);
        _ignoreRows = Array.ConvertAll(_rows, row => new IgnoredUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        _flow = IgnoredUserRowFlow.RedisHash(_redis!, Keys(), new BatchFlowOptions<IgnoredUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowHashUpdate))]
    public async Task SetUpHashUpdateFlow()
    {
        // A plain HSET for the nine rows in ten with an email; a script (HSET + HDEL of the null field) for the tenth.
        var withoutEmail = TotalRows / 10;
        await SetUpAsync(Layout.Hash, (s_hashSet, TotalRows - withoutEmail), (["evalsha", "eval"], withoutEmail)).ConfigureAwait(false);
        _updateRows = Array.ConvertAll(_rows, row => new UpdatedUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        _flow = UpdatedUserRowFlow.RedisHash(_redis!, Keys(), new BatchFlowOptions<UpdatedUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowHashReplace))]
    public async Task SetUpHashReplaceFlow()
    {
        await SetUpAsync(Layout.Hash, (["evalsha", "eval"], TotalRows)).ConfigureAwait(false);
        _replaceRows = Array.ConvertAll(_rows, row => new ReplacedUserRow(row.Id, row.Name, row.Email, row.CreatedAt));
        _flow = ReplacedUserRowFlow.RedisHash(_redis!, Keys(), new BatchFlowOptions<ReplacedUserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [GlobalSetup(Target = nameof(GeneratedFlowStream))]
    public async Task SetUpStreamFlow()
    {
        await SetUpAsync(Layout.Stream, (["xadd"], TotalRows)).ConfigureAwait(false);
        _flow = UserRowFlow.RedisStream(_redis!, StreamKey, new RedisStreamOptions { Database = Database }, new BatchFlowOptions<UserRow> { FlushSize = BatchSize, OnFailure = CountFailures });
    }

    [IterationSetup]
    public void EmptyDatabase()
    {
        _server!.FlushDatabase(Database);
        _callsBefore = ReadCalls();
    }

    /// <summary>
    /// Throws unless the iteration stored every row: key count (and stream length), a sample read back equal to the
    /// rows written, at least <c>Minimum</c> calls of the path's commands counted by the server, no failed row. The
    /// first iteration's figures go to the log.
    /// </summary>
    [IterationCleanup]
    public void CheckRows()
    {
        var calls = ReadCalls();
        var problems = new List<string>();
        var db = _admin!.GetDatabase(Database);
        var keys = _server!.DatabaseSize(Database);
        string stored;
        switch (_layout)
        {
            case Layout.Hash:
                if (keys != TotalRows)
                {
                    problems.Add($"{keys} keys in database {Database}, expected {TotalRows}");
                }

                stored = CheckHashes(db, problems);
                break;
            case Layout.Stream:
                if (keys != 1)
                {
                    problems.Add($"{keys} keys in database {Database}, expected the stream alone");
                }

                stored = CheckStream(db, problems);
                break;
            default:
                if (keys != TotalRows)
                {
                    problems.Add($"{keys} keys in database {Database}, expected {TotalRows}");
                }

                stored = CheckJson(db, problems);
                break;
        }

        if (Interlocked.Read(ref _failedRows) != 0)
        {
            problems.Add($"{_failedRows} rows reported failed (first: {_firstError?.Message})");
        }

        var seen = new List<string>();
        foreach (var (commands, minimum) in _commands)
        {
            var delta = commands.Sum(command => calls.GetValueOrDefault(command) - _callsBefore.GetValueOrDefault(command));
            var names = string.Join("+", commands);
            seen.Add($"{delta} × {names}");
            if (delta < minimum)
            {
                problems.Add($"the server counted {delta} {names} calls, fewer than {minimum}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"BatchSize={BatchSize}: " + string.Join("; ", problems) + ".");
        }

        if (!_reported)
        {
            _reported = true;
            Console.WriteLine($"// RedisEndToEnd check, BatchSize={BatchSize}: {stored}; the server counted {string.Join(", ", seen)} in the iteration.");
        }
    }

    /// <summary>The limit for hashes: one typed <c>HSET key field value …</c> per row (<c>HashSetAsync</c>, which StackExchange.Redis sends as <c>HMSET</c>), sent without waiting, awaited per batch.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TotalRows)]
    public async Task RawHashSet()
    {
        var rows = _rows;
        var db = _db!;
        var replies = new Task[BatchSize];
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                var row = rows[offset + i];
                replies[i] = db.HashSetAsync(Key(row.Id), Entries(row));
            }

            await Task.WhenAll(replies).ConfigureAwait(false);
        }
    }

    /// <summary>The limit for streams: one typed <c>XADD key * field value …</c> per row (<c>StreamAddAsync</c>), sent without waiting, awaited per batch.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public async Task RawStreamAdd()
    {
        var rows = _rows;
        var db = _db!;
        RedisKey stream = StreamKey;
        var replies = new Task[BatchSize];
        for (var offset = 0; offset < rows.Length; offset += BatchSize)
        {
            for (var i = 0; i < BatchSize; i++)
            {
                replies[i] = db.StreamAddAsync(stream, StreamEntries(rows[offset + i]));
            }

            await Task.WhenAll(replies).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The Go design end to end: each row a <c>map[string]any</c> request (cmd, key, ttl, value; the value the row as
    /// JSON) through the Go port's channel and batcher (<see cref="RequestFlow"/>), each batch one pipeline of raw
    /// <c>SETEX</c> commands whose errors are joined (<see cref="GoRedisCommandExecutor"/>), one producer.
    /// </summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public async Task GoRawCommandPort()
    {
        var port = _goPort!;
        foreach (var row in _rows)
        {
            var request = new Request(s_goSchema)
                .SetString("cmd", "SETEX")
                .SetString("key", Key(row.Id))
                .SetInt64("ttl", GoTtlSeconds)
                .SetString("value", JsonSerializer.Serialize(row, s_json));
            await port.SubmitAsync(request).ConfigureAwait(false);
        }

        await port.FlushAsync().ConfigureAwait(false);
    }

    /// <summary><c>UserRowFlow.RedisHash</c> (<see cref="Conflict.None"/>: one script per row that creates the hash, an existing key fails the row), one producer.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowHash() => SubmitAllAsync((UserRowFlow)_flow!, _rows);

    /// <summary>The same rows with <see cref="Conflict.Ignore"/>: one script per row that leaves an existing key alone.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowHashIgnore() => SubmitAllAsync((IgnoredUserRowFlow)_flow!, _ignoreRows);

    /// <summary>The same rows with <see cref="Conflict.Update"/>: a plain <c>HSET</c> per row, a script for a row with a null member (HDEL of its field).</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowHashUpdate() => SubmitAllAsync((UpdatedUserRowFlow)_flow!, _updateRows);

    /// <summary>The same rows with <see cref="Conflict.Replace"/>: one script per row (<c>DEL</c> + <c>HSET</c>).</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowHashReplace() => SubmitAllAsync((ReplacedUserRowFlow)_flow!, _replaceRows);

    /// <summary><c>UserRowFlow.RedisStream</c>: one <c>XADD</c> per row into one stream, one producer.</summary>
    [Benchmark(OperationsPerInvoke = TotalRows)]
    public Task GeneratedFlowStream() => SubmitAllAsync((UserRowFlow)_flow!, _rows);

    [GlobalCleanup]
    public async Task CleanUp()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        if (_goPort is not null)
        {
            await _goPort.DisposeAsync().ConfigureAwait(false);
        }

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

    private static HashEntry[] Entries(UserRow row) => row.Email is { } email
        ?
        [
            new HashEntry(s_id, row.Id),
            new HashEntry(s_name, row.Name),
            new HashEntry(s_email, email),
            new HashEntry(s_createdAt, row.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ]
        :
        [
            new HashEntry(s_id, row.Id),
            new HashEntry(s_name, row.Name),
            new HashEntry(s_createdAt, row.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ];

    private static NameValueEntry[] StreamEntries(UserRow row) => row.Email is { } email
        ?
        [
            new NameValueEntry(s_id, row.Id),
            new NameValueEntry(s_name, row.Name),
            new NameValueEntry(s_email, email),
            new NameValueEntry(s_createdAt, row.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ]
        :
        [
            new NameValueEntry(s_id, row.Id),
            new NameValueEntry(s_name, row.Name),
            new NameValueEntry(s_createdAt, row.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        ];

    /// <summary>What a row's hash or stream entry must hold, field by field, as text.</summary>
    private static Dictionary<string, string> Expected(UserRow row)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = row.Id.ToString(CultureInfo.InvariantCulture),
            ["name"] = row.Name,
            ["created_at"] = row.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (row.Email is { } email)
        {
            fields["email"] = email;
        }

        return fields;
    }

    /// <summary>Null when <paramref name="stored"/> holds exactly <paramref name="row"/>'s fields, else what differs.</summary>
    private static string? Compare(UserRow row, IEnumerable<(string Name, string? Value)> stored)
    {
        var expected = Expected(row);
        var actual = stored.ToDictionary(field => field.Name, field => field.Value, StringComparer.Ordinal);
        if (actual.Count == expected.Count && expected.All(field => actual.TryGetValue(field.Key, out var value) && value == field.Value))
        {
            return null;
        }

        return $"row {row.Id}: stored {{{string.Join(", ", actual.Select(f => $"{f.Key}={f.Value}"))}}}, expected {{{string.Join(", ", expected.Select(f => $"{f.Key}={f.Value}"))}}}";
    }

    private static async Task SubmitAllAsync<T>(BatchFlow<T> flow, T[] rows)
    {
        foreach (var row in rows)
        {
            await flow.SubmitAsync(row).ConfigureAwait(false);
        }

        await flow.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The flows' keys: the raw paths' <c>{prefix}:{id}</c>, in the suite's database.</summary>
    private RedisKeyOptions Keys() => new() { Prefix = _prefix, Database = Database };

    private string Key(long id) => _prefix + ":" + id.ToString(CultureInfo.InvariantCulture);

    private IEnumerable<int> SampleIndexes()
    {
        for (var i = 0; i < _rows.Length; i += SampleStride)
        {
            yield return i;
        }

        yield return _rows.Length - 1;
    }

    private string CheckHashes(IDatabase db, List<string> problems)
    {
        var sample = SampleIndexes().Select(i => (Row: _rows[i], Reply: db.HashGetAllAsync(Key(_rows[i].Id)))).ToArray();
        var wrong = 0;
        foreach (var (row, reply) in sample)
        {
            if (Compare(row, reply.GetAwaiter().GetResult().Select(e => ((string)e.Name!, (string?)e.Value))) is { } problem)
            {
                if (wrong++ == 0)
                {
                    problems.Add(problem);
                }
            }
        }

        if (wrong > 0)
        {
            problems.Add($"{wrong} of {sample.Length} sampled hashes differ from their rows");
        }

        return $"{TotalRows} hashes under {_prefix}:*, {sample.Length} sampled field for field";
    }

    private string CheckStream(IDatabase db, List<string> problems)
    {
        var length = db.StreamLength(StreamKey);
        if (length != TotalRows)
        {
            problems.Add($"the stream holds {length} entries, expected {TotalRows}");
        }

        // Batches in flight may land out of order: each entry is matched to its row by its id field.
        var entries = db.StreamRange(StreamKey, count: StreamSample)
            .Concat(db.StreamRange(StreamKey, count: StreamSample, messageOrder: Order.Descending))
            .ToArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var wrong = 0;
        foreach (var entry in entries)
        {
            ids.Add(entry.Id!);
            var fields = entry.Values.Select(v => ((string)v.Name!, (string?)v.Value)).ToArray();
            var id = fields.FirstOrDefault(f => f.Item1 == "id").Item2;
            string? problem = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var rowId) && rowId >= 1 && rowId <= TotalRows
                ? Compare(_rows[rowId - 1], fields)
                : $"entry {entry.Id} has no valid id field";
            if (problem is not null && wrong++ == 0)
            {
                problems.Add(problem);
            }
        }

        if (wrong > 0)
        {
            problems.Add($"{wrong} of {entries.Length} sampled stream entries differ from their rows");
        }

        return $"a stream of {length} entries, {ids.Count} distinct entries at its two ends checked field for field";
    }

    private string CheckJson(IDatabase db, List<string> problems)
    {
        var sample = SampleIndexes().Select(i => (Row: _rows[i], Reply: db.StringGetAsync(Key(_rows[i].Id)))).ToArray();
        var wrong = 0;
        foreach (var (row, reply) in sample)
        {
            var value = (string?)reply.GetAwaiter().GetResult();
            var expected = JsonSerializer.Serialize(row, s_json);
            if (value != expected && wrong++ == 0)
            {
                problems.Add($"row {row.Id}: stored {value ?? "(nothing)"}, expected {expected}");
            }
        }

        if (wrong > 0)
        {
            problems.Add($"{wrong} of {sample.Length} sampled values differ from their rows");
        }

        var ttl = db.KeyTimeToLive(Key(_rows[^1].Id));
        if (ttl is not { } left || left <= TimeSpan.Zero || left > TimeSpan.FromSeconds(GoTtlSeconds))
        {
            problems.Add($"the last row's key has TTL {ttl?.ToString() ?? "(none)"}, expected at most {GoTtlSeconds} s");
        }

        return $"{TotalRows} JSON strings under {_prefix}:*, {sample.Length} sampled, TTL {ttl}";
    }

    /// <summary>The server's call counters per command (INFO commandstats: <c>cmdstat_hset:calls=…</c>).</summary>
    private Dictionary<string, long> ReadCalls()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in _server!.Info("commandstats"))
        {
            foreach (var (name, value) in group)
            {
                if (!name.StartsWith("cmdstat_", StringComparison.Ordinal))
                {
                    continue;
                }

                var start = value.IndexOf("calls=", StringComparison.Ordinal) + "calls=".Length;
                var end = value.IndexOf(',', start);
                calls[name["cmdstat_".Length..]] = long.Parse(value.AsSpan(start, (end < 0 ? value.Length : end) - start), CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    private ValueTask CountFailures<T>(BatchFailure<T> failure)
    {
        Interlocked.CompareExchange(ref _firstError, failure.Exception, null);
        Interlocked.Add(ref _failedRows, failure.Rows.Count);
        return ValueTask.CompletedTask;
    }

    private async Task SetUpAsync(Layout layout, params (string[] Commands, long Minimum)[] commands)
    {
        if (TotalRows % BatchSize != 0)
        {
            throw new InvalidOperationException($"{TotalRows} rows do not split into batches of {BatchSize}.");
        }

        _rows = UserRows.Create(TotalRows);
        _layout = layout;
        _commands = commands;
        _admin = await ConnectionMultiplexer.ConnectAsync(RedisBench.Configuration).ConfigureAwait(false);
        _server = _admin.GetServers() is [var server] && !server.IsReplica
            ? server
            : throw new InvalidOperationException("BATCHFLOW_REDIS must name one standalone Redis server (the suite empties one of its databases with FLUSHDB).");
        _redis = await ConnectionMultiplexer.ConnectAsync(RedisBench.Configuration).ConfigureAwait(false);
        _db = _redis.GetDatabase(Database);
    }
}

/// <summary>The standalone Redis server of <c>eng/redis.sh</c>, named by the BATCHFLOW_REDIS configuration string it exports.</summary>
public static class RedisBench
{
    public static string Configuration =>
        Environment.GetEnvironmentVariable("BATCHFLOW_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BATCHFLOW_REDIS is not set: source eng/redis.sh (or eng/servers.sh) first (it starts Redis and exports it).");
}
