using System.Globalization;
using BatchFlow.Conformance;
using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests.Conformance;

/// <summary>
/// The provider conformance suite against Redis, hash layout: a "table" is a key prefix of its own per test, each row
/// the hash at <c>{table}:{key1}:{key2}…</c>. Redis has no schema, so the missing-table test is skipped; it has no
/// column defaults, so a field no write set is absent (<see cref="UnwrittenNote"/> is null); a poison row is a key that
/// holds a list, which every hash command refuses with <c>WRONGTYPE</c>.
/// </summary>
public sealed class RedisConformanceTests : ProviderConformanceTests
{
    protected override ConformanceTarget CreateTarget() => new RedisTarget();

    private sealed class RedisTarget : ConformanceTarget
    {
        private readonly List<string> _tables = [];

        public override string Provider => "redis";

        public override bool HasSchema => false;

        public override string? UnwrittenNote => null;

        public override IBatchSink<T> CreateSink<T>(TableDescription<T> table) =>
            new RedisHashSink<T>(TestRedis.ConnectAsync().GetAwaiter().GetResult(), table);

        public override Task<TableDescription<T>> CreateTableAsync<T>(TableDescription<T> description, bool withNote = false)
        {
            var name = $"bf-conformance:{description.Name}_{Guid.NewGuid():N}"[..(description.Name.Length + 24)];
            _tables.Add(name);
            return Task.FromResult(new TableDescription<T>(name, description.Conflict, description.Columns, description.KeyComparer, description.Writer));
        }

        public override async Task MarkNotesEditedAsync(TableShape table)
        {
            var db = await TestRedis.DatabaseAsync();
            foreach (var key in await HashKeysAsync(table))
            {
                await db.HashSetAsync(key, NoteColumn, EditedNote);
            }
        }

        public override async Task<List<object?[]>> ReadAsync(TableShape table, IReadOnlyList<(string Name, ColumnType Type)> columns)
        {
            var db = await TestRedis.DatabaseAsync();
            var rows = new List<(object?[] Key, object?[] Values)>();
            foreach (var key in await HashKeysAsync(table))
            {
                var fields = (await db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => e.Value);
                rows.Add((
                    [.. table.KeyColumns.Select(c => Parse(fields, c.Name, c.Type))],
                    [.. columns.Select(c => Parse(fields, c.Name, c.Type))]));
            }

            rows.Sort((a, b) => CompareKeys(a.Key, b.Key));
            return [.. rows.Select(r => r.Values)];
        }

        public override async Task<long> CountAsync(TableShape table) => (await HashKeysAsync(table)).Count;

        public override async Task<KeyStatistics> KeyStatisticsAsync(TableShape table, string keyColumn)
        {
            var db = await TestRedis.DatabaseAsync();
            var values = await Task.WhenAll((await HashKeysAsync(table)).Select(key => db.HashGetAsync(key, keyColumn)));
            var ids = values.Select(v => (long)v).ToList();

            return new KeyStatistics(ids.Count, ids.Distinct().LongCount(), ids.Sum());
        }

        /// <summary>A list at the row's key: the hash write of that row then fails with WRONGTYPE, in every conflict mode.</summary>
        public override async Task<string?> PoisonRowAsync(TableShape table, long id)
        {
            var db = await TestRedis.DatabaseAsync();
            await db.ListRightPushAsync($"{table.Name}:{id.ToString(CultureInfo.InvariantCulture)}", "not a hash");
            return "poisoned";
        }

        public override async ValueTask DisposeAsync()
        {
            var connection = await TestRedis.ConnectAsync();
            foreach (var table in _tables)
            {
                await Load.RedisStore.DeleteAsync(connection, table);
            }

            await base.DisposeAsync();
        }

        /// <summary>The keys of the table's rows that hold hashes (a poison list is not a row).</summary>
        private static async Task<List<RedisKey>> HashKeysAsync(TableShape table)
        {
            var connection = await TestRedis.ConnectAsync();
            var db = connection.GetDatabase();
            var keys = new List<RedisKey>();
            foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
            {
                await foreach (var key in server.KeysAsync(pattern: table.Name + ":*", pageSize: 10_000))
                {
                    keys.Add(key);
                }
            }

            var types = await Task.WhenAll(keys.Select(k => db.KeyTypeAsync(k)));
            return [.. keys.Where((_, i) => types[i] == RedisType.Hash)];
        }

        private static int CompareKeys(object?[] a, object?[] b)
        {
            for (var i = 0; i < a.Length; i++)
            {
                var order = a[i] is string s ? string.CompareOrdinal(s, (string?)b[i]) : Comparer<object?>.Default.Compare(a[i], b[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }

        /// <summary>A field as the CLR value the hash sink wrote it from (its formats: the package README), or null when absent.</summary>
        private static object? Parse(Dictionary<string, RedisValue> fields, string name, ColumnType type)
        {
            if (!fields.TryGetValue(name, out var value))
            {
                return null;
            }

            var text = type == ColumnType.Binary ? null : (string)value!;
            var invariant = CultureInfo.InvariantCulture;
            return type switch
            {
                ColumnType.Boolean => text switch { "1" => true, "0" => false, _ => throw new FormatException($"'{text}' is not a stored bool.") },
                ColumnType.Byte => byte.Parse(text!, invariant),
                ColumnType.SByte => sbyte.Parse(text!, invariant),
                ColumnType.Int16 => short.Parse(text!, invariant),
                ColumnType.UInt16 => ushort.Parse(text!, invariant),
                ColumnType.Int32 => int.Parse(text!, invariant),
                ColumnType.UInt32 => uint.Parse(text!, invariant),
                ColumnType.Int64 => long.Parse(text!, invariant),
                ColumnType.UInt64 => ulong.Parse(text!, invariant),
                ColumnType.Single => float.Parse(text!, invariant),
                ColumnType.Double => double.Parse(text!, invariant),
                ColumnType.Decimal => decimal.Parse(text!, NumberStyles.Float, invariant),
                ColumnType.String => text,
                ColumnType.Char => char.Parse(text!),
                ColumnType.Guid => Guid.ParseExact(text!, "D"),
                ColumnType.DateTime => DateTime.Parse(text!, invariant, DateTimeStyles.RoundtripKind),
                ColumnType.DateTimeOffset => DateTimeOffset.ParseExact(text!, "O", invariant),
                ColumnType.DateOnly => DateOnly.ParseExact(text!, "yyyy-MM-dd", invariant),
                ColumnType.TimeOnly => TimeOnly.ParseExact(text!, "HH:mm:ss.fffffff", invariant),
                ColumnType.TimeSpan => TimeSpan.ParseExact(text!, "c", invariant),
                ColumnType.Binary => (byte[])value!,
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a column type."),
            };
        }
    }
}
