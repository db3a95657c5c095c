using BatchFlow.Redis.Relay.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Reading;

/// <summary>What every partition reader of one relay shares.</summary>
internal sealed record RelayContext<T>(
    IDatabase Db,
    BatchFlow<T> Target,
    string StreamKey,
    RedisStreamRelayOptions Options,
    DeadLetterStream DeadLetters,
    RelayCounters Counters,
    ILogger Logger)
{
    public string Group => Options.GroupName;

    public string Consumer => Options.ConsumerName!;

    public TimeProvider Time => Options.TimeProvider;
}
