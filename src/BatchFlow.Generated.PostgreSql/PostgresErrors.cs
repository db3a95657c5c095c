using BatchFlow.Sinks;
using System.Net.Sockets;
using Npgsql;

namespace BatchFlow.PostgreSql;

/// <summary>Which PostgreSQL failures are worth retrying as they are.</summary>
internal static class PostgresErrors
{
    /// <summary>
    /// True for a lost or refused connection and for failures a later attempt can get past: SQLSTATE class 08
    /// (connection exception), 40001 (serialization failure), 40P01 (deadlock), 55P03 (lock not available),
    /// 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections), whatever
    /// Npgsql itself calls transient, and an <see cref="IOException"/>, <see cref="SocketException"/> or
    /// <see cref="TimeoutException"/> anywhere in the chain. Everything else, such as constraint violations
    /// (class 23), data errors (class 22) or a value Npgsql refuses to encode, is about the rows and permanent.
    /// </summary>
    public static bool IsTransient(Exception exception) => ExceptionChain.Any(exception, static current => current switch
    {
        PostgresException postgres => IsTransient(postgres.SqlState) || postgres.IsTransient,
        NpgsqlException { IsTransient: true } => true,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    });

    /// <summary>
    /// True for SQLSTATE class 42 (syntax error or access rule violation: undefined table 42P01 or column 42703,
    /// insufficient privilege 42501, no unique constraint for ON CONFLICT 42P10, …) and 3F000 (invalid schema name):
    /// the server rejects the statement itself, so every row of any batch fails the same way.
    /// </summary>
    public static bool IsBatchWide(Exception exception) =>
        ExceptionChain.Find<PostgresException>(exception) is { SqlState: var sqlState }
        && (sqlState.StartsWith("42", StringComparison.Ordinal) || sqlState == "3F000");

    /// <summary>Whether a SQLSTATE names a failure that a later attempt can get past.</summary>
    public static bool IsTransient(string? sqlState) => sqlState is not null && (
        sqlState.StartsWith("08", StringComparison.Ordinal) ||
        sqlState is "40001" or "40P01" or "55P03" or "57P01" or "57P02" or "57P03" or "53300");
}
