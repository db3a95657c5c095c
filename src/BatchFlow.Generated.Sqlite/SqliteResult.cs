using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BatchFlow.Sqlite;

/// <summary>Turns SQLite result codes into Microsoft.Data.Sqlite's <see cref="SqliteException"/>, so callers classify one exception type.</summary>
internal static class SqliteResult
{
    /// <summary>SQLITE_LIMIT_VARIABLE_NUMBER: the highest parameter index a statement may use.</summary>
    internal const int LimitVariableNumber = 9;

    /// <summary>SQLITE_LIMIT_SQL_LENGTH: the longest SQL text a statement may have, in bytes.</summary>
    internal const int LimitSqlLength = 1;

    /// <summary>Throws unless <paramref name="rc"/> is SQLITE_OK.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int rc, sqlite3 database)
    {
        if (rc != raw.SQLITE_OK)
        {
            Throw(rc, database);
        }
    }

    /// <summary>Throws unless <paramref name="rc"/> is SQLITE_DONE, the end of a statement that returns no rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckDone(int rc, sqlite3 database)
    {
        if (rc != raw.SQLITE_DONE)
        {
            Throw(rc, database);
        }
    }

    /// <summary>Throws the <see cref="SqliteException"/> for <paramref name="rc"/> with the connection's error message.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Throw(int rc, sqlite3 database)
    {
        // Microsoft.Data.Sqlite's own factory: the same message shape, primary and extended codes as its commands give.
        SqliteException.ThrowExceptionForRC(rc, database);

        // ThrowExceptionForRC returns for the success codes; reaching here means a row came back where none was expected.
        throw new SqliteException($"SQLite returned {rc.ToString(System.Globalization.CultureInfo.InvariantCulture)} where the statement should have finished.", rc);
    }
}
