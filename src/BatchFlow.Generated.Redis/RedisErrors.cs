using System.Net.Sockets;
using BatchFlow.Sinks;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>Which Redis failures are worth retrying as they are, and which no row can cause.</summary>
internal static class RedisErrors
{
    /// <summary>The error code the sinks' scripts answer when <see cref="Conflict.None"/> meets a stored key.</summary>
    public const string KeyExists = "KEYEXISTS";

    // Server errors a later attempt can get past: a server still loading its data set, busy with a script, a cluster
    // resharding or failing over (TRYAGAIN, CLUSTERDOWN, MOVED, ASK, MASTERDOWN), a replica that was a primary (READONLY).
    private static readonly string[] s_transientCodes = ["LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MOVED", "ASK", "MASTERDOWN", "READONLY"];

    // Errors about the connection's rights, which every command of any batch meets the same way.
    private static readonly string[] s_batchWideCodes = ["NOAUTH", "NOPERM", "WRONGPASS"];

    /// <summary>
    /// True for a lost or refused connection (<see cref="RedisConnectionException"/>, except a failed authentication),
    /// a timeout (<see cref="RedisTimeoutException"/>, <see cref="TimeoutException"/>), a reply that did not come before
    /// the attempt was cancelled (<see cref="OperationCanceledException"/>), a socket or I/O error anywhere in the chain,
    /// and server errors starting LOADING, BUSY, TRYAGAIN, CLUSTERDOWN, MOVED, ASK, MASTERDOWN or READONLY. Not
    /// transient: WRONGTYPE (the key holds another type), OOM (the server is at its maxmemory: retrying within seconds
    /// would not help), script errors and KEYEXISTS.
    /// </summary>
    public static bool IsTransient(Exception exception) => ExceptionChain.Any(exception, static current => current switch
    {
        RedisConnectionException connection => connection.FailureType != ConnectionFailureType.AuthenticationFailure,
        RedisTimeoutException or TimeoutException or OperationCanceledException => true,
        IOException or SocketException => true,
        RedisServerException server => StartsWithCode(server.Message, s_transientCodes),
        _ => false,
    });

    /// <summary>True for errors about the connection's rights (NOAUTH, NOPERM, WRONGPASS, a failed authentication) rather than any row.</summary>
    public static bool IsBatchWide(Exception exception) => ExceptionChain.Any(exception, static current => current switch
    {
        RedisConnectionException connection => connection.FailureType == ConnectionFailureType.AuthenticationFailure,
        RedisServerException server => StartsWithCode(server.Message, s_batchWideCodes),
        _ => false,
    });

    /// <summary>Whether <paramref name="message"/> starts with one of <paramref name="codes"/> as a whole word.</summary>
    internal static bool StartsWithCode(string message, string[] codes)
    {
        foreach (var code in codes)
        {
            if (message.StartsWith(code, StringComparison.Ordinal) && (message.Length == code.Length || message[code.Length] == ' '))
            {
                return true;
            }
        }

        return false;
    }
}
