using BatchFlow.Redis;
using BatchFlow.Sinks;

// Gives every generated flow in a project that references this package three factories: RedisHash(redis, keys, options),
// RedisJson(redis, keys, options) and RedisStream(redis, streamKey, stream, options). Redis keys and field names are
// binary-safe and have no length limit worth declaring (512 MB), so no MaxIdentifierBytes.
[assembly: BatchFlowProvider(
    "RedisHash",
    typeof(RedisHashSink<>),
    Destination = "into Redis, one hash per row",
    DisplayName = "Redis")]
[assembly: BatchFlowProvider(
    "RedisJson",
    typeof(RedisJsonSink<>),
    Destination = "into Redis, one JSON string value per row",
    DisplayName = "Redis")]
[assembly: BatchFlowProvider(
    "RedisStream",
    typeof(RedisStreamSink<>),
    Destination = "into a Redis stream, one entry per row (at least once)",
    DisplayName = "Redis")]
