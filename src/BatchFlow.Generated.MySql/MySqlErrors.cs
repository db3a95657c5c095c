using System.Net.Sockets;
using BatchFlow.Sinks;
using MySqlConnector;

namespace BatchFlow.MySql;

/// <summary>Which MySQL and MariaDB failures are worth retrying as they are, and which no row can cause.</summary>
internal static class MySqlErrors
{
    /// <summary>
    /// True for a lost or refused connection and for failures a later attempt can get past: deadlock 1213, lock wait
    /// timeout 1205, too many connections 1040, server shutdown 1053, connection killed 1927 (MariaDB), query
    /// interrupted 1317, network read and write errors 1158–1161, client-side lost connection 2006 and 2013, can't
    /// connect 2002 and 2003 (and MySqlConnector's 1042), MySQL 8's disconnect 4031, whatever MySqlConnector itself
    /// calls transient (<see cref="MySqlException.IsTransient"/>), and an <see cref="IOException"/> (the driver's
    /// end-of-stream), <see cref="SocketException"/> or <see cref="TimeoutException"/> anywhere in the chain.
    /// Everything else, such as a duplicate key 1062, a NULL into NOT NULL 1048, data too long 1406 or an incorrect
    /// value 1292/1366, is about the rows and permanent.
    /// </summary>
    public static bool IsTransient(Exception exception) => ExceptionChain.Any(exception, static current => current switch
    {
        MySqlException mysql => mysql.IsTransient || IsTransient(mysql.Number),
        IOException or SocketException or TimeoutException => true,
        _ => false,
    });

    /// <summary>Whether a server or client error number names a failure that a later attempt can get past.</summary>
    public static bool IsTransient(int number) => number is
        1213 or 1205 or 1040 or 1053 or 1927 or 1317 or 1158 or 1159 or 1160 or 1161 or
        2002 or 2003 or 2006 or 2013 or 1042 or 4031;

    /// <summary>
    /// True for errors about the statement or the table rather than any row: unknown table 1146 or 1109, unknown
    /// column 1054, unknown database 1049, no database selected 1046, access denied 1044, 1142, 1143 and 1227, syntax
    /// error 1064, LOAD DATA LOCAL refused 1148 (and MySQL's 3948), a read-only server or table 1290, 1036 and 1792.
    /// </summary>
    public static bool IsBatchWide(Exception exception) =>
        ExceptionChain.Find<MySqlException>(exception) is { Number: var number } && IsBatchWide(number);

    /// <summary>Whether an error number names a failure every row of any batch would meet.</summary>
    public static bool IsBatchWide(int number) => number is
        1146 or 1109 or 1054 or 1049 or 1046 or 1044 or 1142 or 1143 or 1227 or 1064 or 1148 or 3948 or 1290 or 1036 or 1792;
}
