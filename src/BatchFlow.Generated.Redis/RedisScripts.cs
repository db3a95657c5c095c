namespace BatchFlow.Redis;

/// <summary>
/// The Lua scripts that make each conflict mode one atomic command per row. Every script touches exactly one key,
/// KEYS[1], so it runs on a cluster too. StackExchange.Redis sends them with EVALSHA and falls back to EVAL when the
/// server does not know the script yet (NOSCRIPT), so the text crosses the wire once per server.
/// </summary>
/// <remarks>
/// Hash scripts take ARGV = [expiry in ms or 0, n, field1, value1, …, fieldn, valuen, then (Update) the fields to
/// delete]. Every row has at least one field (its key members), so HSET always gets a pair.
/// </remarks>
internal static class RedisScripts
{
    /// <summary>
    /// Conflict.None for a hash: creates it, or fails with KEYEXISTS when the key exists, unless the stored hash is
    /// field for field this row (then it is this row's own earlier write, whose reply was lost: success).
    /// </summary>
    public const string HashNone = """
        local n = tonumber(ARGV[2])
        if redis.call('EXISTS', KEYS[1]) == 1 then
          if redis.call('TYPE', KEYS[1]).ok == 'hash' and redis.call('HLEN', KEYS[1]) == n then
            local same = true
            for i = 3, 2 * n + 2, 2 do
              if redis.call('HGET', KEYS[1], ARGV[i]) ~= ARGV[i + 1] then
                same = false
                break
              end
            end
            if same then return 0 end
          end
          return redis.error_reply("KEYEXISTS key '" .. KEYS[1] .. "' exists (Conflict.None)")
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 * n + 2))
        if ARGV[1] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return 1
        """;

    /// <summary>Conflict.Ignore for a hash: an existing key is left as it is (success, nothing written).</summary>
    public const string HashIgnore = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local n = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 * n + 2))
        if ARGV[1] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return 1
        """;

    /// <summary>
    /// Conflict.Update for a hash with a null member or an expiry: sets the written fields, deletes the fields of null
    /// members, keeps every other field. (Without either it is a plain HSET.)
    /// </summary>
    public const string HashUpdate = """
        local n = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 * n + 2))
        if #ARGV > 2 * n + 2 then redis.call('HDEL', KEYS[1], unpack(ARGV, 2 * n + 3, #ARGV)) end
        if ARGV[1] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return 1
        """;

    /// <summary>
    /// Conflict.Replace for a hash: the hash becomes exactly this row. A key that holds another type fails the row with
    /// WRONGTYPE, as HSET would, instead of being deleted: Replace replaces rows, not whatever shares their key.
    /// </summary>
    public const string HashReplace = """
        local kind = redis.call('TYPE', KEYS[1]).ok
        if kind ~= 'none' and kind ~= 'hash' then
          return redis.error_reply('WRONGTYPE Operation against a key holding the wrong kind of value')
        end
        redis.call('DEL', KEYS[1])
        local n = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 * n + 2))
        if ARGV[1] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return 1
        """;

    /// <summary>
    /// Conflict.None for a JSON value, ARGV = [json, expiry in ms or 0]: SET NX, or fails with KEYEXISTS unless the
    /// stored value is byte for byte this row (its own earlier write, whose reply was lost).
    /// </summary>
    public const string JsonNone = """
        local set
        if ARGV[2] ~= '0' then
          set = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
        else
          set = redis.call('SET', KEYS[1], ARGV[1], 'NX')
        end
        if set then return 1 end
        if redis.call('TYPE', KEYS[1]).ok == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end
        return redis.error_reply("KEYEXISTS key '" .. KEYS[1] .. "' exists (Conflict.None)")
        """;
}
