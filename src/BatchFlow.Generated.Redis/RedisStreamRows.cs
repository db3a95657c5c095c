using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace BatchFlow.Redis;

/// <summary>
/// Rebuilds rows from the entries <see cref="RedisStreamSink{T}"/> appended (<c>XRANGE</c>, <c>XREADGROUP</c>,
/// <c>XAUTOCLAIM</c>): the inverse of the stream sink, through the generated <see cref="TableDescription{T}.Reader"/>,
/// with no reflection and no boxing.
/// </summary>
/// <remarks>
/// <para>
/// Each column is the field of its name (fields in any order; the sink writes them in column order, which is the fast
/// path). An absent field is null for a column that can hold null; for one that cannot (a value type, a reference
/// annotated non-null) the entry is refused. Values are parsed in exactly the form the sink writes them (see the
/// package README's type table): integers and enums as invariant digits, bool <c>1</c>/<c>0</c>, float and double as
/// round-trip text (<c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> by name, <c>-0</c> kept), decimal with its scale,
/// text as strict UTF-8, a char as exactly one UTF-16 character, Guid <c>D</c>, DateTime <c>O</c> (Kind kept; a Local
/// time is stored with its offset and read back as this machine's local time of that instant), DateTimeOffset
/// <c>O</c>, DateOnly <c>yyyy-MM-dd</c>, TimeOnly <c>HH:mm:ss.fffffff</c>, TimeSpan <c>c</c>, byte arrays as raw
/// bytes.
/// </para>
/// <para>
/// An entry that does not fit its table (a required field missing, a field no column has or one given twice, a value
/// that does not parse or is out of the type's range) throws <see cref="RedisStreamEntryException"/> naming the entry
/// id, the field and the table: a value is never guessed or zeroed.
/// </para>
/// </remarks>
public static class RedisStreamRows
{
    /// <summary>Rebuilds the row that <paramref name="entry"/> holds.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="table">The generated table description (<c>{Type}Flow.Table</c>); it needs a generated <see cref="TableDescription{T}.Reader"/>.</param>
    /// <param name="entry">One entry as StackExchange.Redis returns it.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="entry"/> is <see cref="StreamEntry.Null"/>.</exception>
    /// <exception cref="NotSupportedException">The row type has no generated reader (see <see cref="TableDescription{T}.Reader"/>).</exception>
    /// <exception cref="RedisStreamEntryException">The entry is not a row of <paramref name="table"/> as the stream sink writes it.</exception>
    public static T Read<T>(TableDescription<T> table, StreamEntry entry)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (entry.IsNull)
        {
            throw new ArgumentException("The stream entry is null (StreamEntry.Null): there is no row to read.", nameof(entry));
        }

        return Read(table, entry.Id, entry.Values);
    }

    /// <summary>Rebuilds the row held by an entry's fields.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="table">The generated table description; it needs a generated <see cref="TableDescription{T}.Reader"/>.</param>
    /// <param name="entryId">The entry's id, named in errors.</param>
    /// <param name="fields">The entry's fields; null reads as no fields.</param>
    /// <returns>The row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="NotSupportedException">The row type has no generated reader.</exception>
    /// <exception cref="RedisStreamEntryException">The fields are not a row of <paramref name="table"/> as the stream sink writes it.</exception>
    public static T Read<T>(TableDescription<T> table, RedisValue entryId, NameValueEntry[]? fields)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (layout, rows) = Layouts<T>.For(table);
        var reader = new RedisStreamColumnReader(layout, entryId, fields);
        var row = rows.Read(ref reader);
        reader.Finish();
        return row;
    }

    /// <summary>Each table's layout, built once and kept while the table description lives.</summary>
    private static class Layouts<T>
    {
        private static readonly ConditionalWeakTable<TableDescription<T>, Entry> s_layouts = new();

        public static (RedisStreamLayout Layout, IRowReader<T> Reader) For(TableDescription<T> table)
        {
            var entry = s_layouts.GetValue(table, static t => new Entry(
                new RedisStreamLayout(t),
                t.Reader ?? throw new NotSupportedException(
                    $"{typeof(T).FullName} (table '{t.Name}') has no generated row reader, so its stream entries cannot be rebuilt: " +
                    "give it a constructor or settable members for every column (see TableDescription<T>.Reader).")));
            return (entry.Layout, entry.Reader);
        }

        private sealed record Entry(RedisStreamLayout Layout, IRowReader<T> Reader);
    }
}
