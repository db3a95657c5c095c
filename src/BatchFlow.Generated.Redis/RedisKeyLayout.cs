using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>A table's <see cref="RedisKeyOptions"/>, checked and resolved once per sink.</summary>
internal sealed class RedisKeyLayout
{
    private RedisKeyLayout(string prefix, string separator, long expiryMilliseconds, int database)
    {
        Prefix = prefix;
        Separator = separator;
        ExpiryMilliseconds = expiryMilliseconds;
        Database = database;
    }

    public string Prefix { get; }

    public string Separator { get; }

    /// <summary>The expiry in whole milliseconds; 0 for none.</summary>
    public long ExpiryMilliseconds { get; }

    public TimeSpan? Expiry => ExpiryMilliseconds > 0 ? TimeSpan.FromMilliseconds(ExpiryMilliseconds) : null;

    public int Database { get; }

    public static RedisKeyLayout For<T>(TableShape table, RedisKeyOptions? options)
    {
        if (table.KeyColumns.Count == 0)
        {
            throw new ArgumentException(
                $"{typeof(T).FullName} (table '{table.Name}') has no key columns, and a Redis key is built from them: mark the members that identify a row with [BatchKey].",
                nameof(table));
        }

        options ??= new RedisKeyOptions();
        ArgumentNullException.ThrowIfNull(options.Separator, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Database, -1, nameof(options));
        long expiry = 0;
        if (options.Expiry is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1), nameof(options));
            expiry = (long)ttl.TotalMilliseconds;
        }

        return new RedisKeyLayout(options.Prefix ?? table.Name, options.Separator, expiry, options.Database);
    }

    /// <summary>Each column's name as a field name, encoded once.</summary>
    public static RedisValue[] FieldNames(TableShape table)
    {
        var names = new RedisValue[table.Columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(table.Columns[i].Name);
        }

        return names;
    }

    public static bool[] KeyFlags(TableShape table) => [.. table.Columns.Select(static c => c.IsKey)];

    public static InvalidOperationException WrongValueCount(object? writer, int written, int columns) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"{writer?.GetType().FullName ?? "The row writer"} wrote {written} values for a row of {columns} columns; it must write every column of the table description, in order."));
}
