using BatchFlow.Redis.Tests.Support;
using StackExchange.Redis;

namespace BatchFlow.Redis.Tests;

public sealed class ProviderTests
{
    private static RedisServerException Server(string message) => new(RedisErrorKind.Unknown, CommandFlags.None, message);

    [Fact]
    public async Task The_sinks_name_redis_and_their_operations_and_share_the_defaults()
    {
        var redis = await TestRedis.ConnectAsync();
        IBatchSink<PersonNone>[] sinks =
        [
            new RedisHashSink<PersonNone>(redis, PersonNoneFlow.Table),
            new RedisJsonSink<PersonNone>(redis, PersonNoneFlow.Table),
            new RedisStreamSink<PersonNone>(redis, "s", PersonNoneFlow.Table),
        ];
        Assert.Equal(["redis", "redis", "redis"], sinks.Select(s => s.Provider));
        Assert.Equal(["HSET", "SET", "XADD"], sinks.Select(s => s.OperationName));
        Assert.All(sinks, s => Assert.Equal(new BatchSinkDefaults(1_000, TimeSpan.FromMilliseconds(100), 4) { MaxRowsInFlight = 4_000 }, s.Defaults));
    }

    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory", true)]
    [InlineData("BUSY Redis is busy running a script", true)]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", true)]
    [InlineData("CLUSTERDOWN The cluster is down", true)]
    [InlineData("MOVED 3999 127.0.0.1:6381", true)]
    [InlineData("ASK 3999 127.0.0.1:6381", true)]
    [InlineData("MASTERDOWN Link with MASTER is down", true)]
    [InlineData("READONLY You can't write against a read only replica.", true)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", false)]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'.", false)]
    [InlineData("KEYEXISTS key 'users:42' exists (Conflict.None)", false)]
    [InlineData("ERR user_script:1: Script attempted to access nonexistent global variable", false)]
    [InlineData("BUSYKEY Target key name already exists.", false)]
    public async Task Server_errors_are_transient_by_their_code(string message, bool transient)
    {
        await using var sink = new RedisHashSink<PersonNone>(await TestRedis.ConnectAsync(), PersonNoneFlow.Table);
        Assert.Equal(transient, sink.IsTransient(Server(message)));
        Assert.False(sink.IsBatchWide(Server(message)));
    }

    [Fact]
    public async Task Connection_errors_timeouts_cancellations_and_socket_errors_are_transient_and_rights_are_batch_wide()
    {
        await using var sink = new RedisJsonSink<PersonNone>(await TestRedis.ConnectAsync(), PersonNoneFlow.Table);
        Assert.True(sink.IsTransient(new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "gone", null, CommandStatus.Sent)));
        Assert.True(sink.IsTransient(new RedisTimeoutException(CommandFlags.None, "slow", CommandStatus.Sent)));
        Assert.True(sink.IsTransient(new OperationCanceledException()));
        Assert.True(sink.IsTransient(new InvalidOperationException("wrapped", new IOException("reset", new System.Net.Sockets.SocketException()))));
        Assert.False(sink.IsTransient(new ArgumentException("Column 'name' holds an unpaired surrogate")));
        Assert.True(sink.IsBatchWide(Server("NOAUTH Authentication required.")));
        Assert.True(sink.IsBatchWide(Server("NOPERM User has no permissions to run the 'hset' command")));
        Assert.False(sink.IsBatchWide(Server("WRONGTYPE Operation against a key holding the wrong kind of value")));
    }
}
