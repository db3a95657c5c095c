using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Coordination;

/// <summary>
/// Who reads which partition. Each partition has a lease, a string <c>{expiresAtMs}|{consumer}</c> at
/// <c>{streamKey}:lease:{group}:{partition}</c>, taken and renewed by one script call (one key, so it works on a
/// cluster); expiry is judged on the relays' clock (<see cref="RedisStreamRelayOptions.TimeProvider"/>), not Redis's, so
/// that tests run on a fake one. The live relays of a group beat in a sorted set <c>{streamKey}:relays:{group}</c>
/// (score: the last beat), from which each relay works out its fair share of the partitions.
/// </summary>
internal sealed class RelayLeases
{
    // KEYS[1] lease; ARGV[1] consumer; ARGV[2] now (ms); ARGV[3] lease time (ms). 1 when the caller holds it now.
    private const string HoldScript = """
        local v = redis.call('GET', KEYS[1])
        if v then
          local sep = string.find(v, '|', 1, true)
          local expires = tonumber(string.sub(v, 1, sep - 1))
          local owner = string.sub(v, sep + 1)
          if owner ~= ARGV[1] and expires > tonumber(ARGV[2]) then return 0 end
        end
        redis.call('SET', KEYS[1], (tonumber(ARGV[2]) + tonumber(ARGV[3])) .. '|' .. ARGV[1])
        return 1
        """;

    // KEYS[1] lease; ARGV[1] consumer. Deletes the lease only if the caller holds it.
    private const string ReleaseScript = """
        local v = redis.call('GET', KEYS[1])
        if v and string.sub(v, string.find(v, '|', 1, true) + 1) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
        return 0
        """;

    private readonly IDatabase _db;
    private readonly RedisValue _consumer;
    private readonly RedisKey[] _leases;
    private readonly RedisKey _members;
    private readonly long _leaseMs;

    public RelayLeases(IDatabase db, string streamKey, string group, string consumer, int partitions, TimeSpan leaseTime)
    {
        _db = db;
        _consumer = consumer;
        _leaseMs = (long)leaseTime.TotalMilliseconds;
        _members = $"{streamKey}:relays:{group}";
        _leases = new RedisKey[partitions];
        for (var p = 0; p < partitions; p++)
        {
            _leases[p] = string.Create(CultureInfo.InvariantCulture, $"{streamKey}:lease:{group}:{p}");
        }
    }

    /// <summary>The lease key of a partition (tests).</summary>
    public RedisKey LeaseKey(int partition) => _leases[partition];

    /// <summary>Takes the partition's lease, or renews it, until <paramref name="nowMs"/> plus the lease time; false when another live relay holds it.</summary>
    public async Task<bool> TryHoldAsync(int partition, long nowMs) =>
        (long)await _db.ScriptEvaluateAsync(HoldScript, [_leases[partition]], [_consumer, nowMs, _leaseMs]).ConfigureAwait(false) == 1;

    /// <summary>Gives the partition's lease up, if this relay still holds it.</summary>
    public Task ReleaseAsync(int partition) => _db.ScriptEvaluateAsync(ReleaseScript, [_leases[partition]], [_consumer]);

    /// <summary>Records that this relay is alive at <paramref name="nowMs"/>; returns how many relays of the group are (this one included).</summary>
    public async Task<int> BeatAsync(long nowMs)
    {
        await _db.SortedSetAddAsync(_members, _consumer, nowMs).ConfigureAwait(false);
        // Relays silent for ten lease times are long gone: forget them, so the set does not grow with every restart.
        await _db.SortedSetRemoveRangeByScoreAsync(_members, double.NegativeInfinity, nowMs - (10 * _leaseMs)).ConfigureAwait(false);
        var live = await _db.SortedSetLengthAsync(_members, nowMs - _leaseMs, double.PositiveInfinity).ConfigureAwait(false);
        return (int)Math.Max(1, live);
    }

    /// <summary>Leaves the group's live set (a clean stop), so the others take this relay's share at once.</summary>
    public Task LeaveAsync() => _db.SortedSetRemoveAsync(_members, _consumer);
}
