namespace BatchFlow.Benchmarks.Core.GoPort;

/// <summary>The Go design's table schema: a table name and its columns in statement order.</summary>
public sealed class Schema
{
    public Schema(string table, params string[] columns)
    {
        Table = table;
        Columns = columns;
    }

    public string Table { get; }

    public string[] Columns { get; }
}

/// <summary>
/// Port of the Go design's request: one row as a <c>map[string]any</c> (here a <see cref="Dictionary{TKey, TValue}"/>
/// of boxed values) filled through chained, untyped-underneath setters. One is built per row.
/// </summary>
public sealed class Request
{
    private readonly Dictionary<string, object?> _values;

    public Request(Schema schema)
    {
        Schema = schema;

        // Sized for the schema up front: the port's best case (an unsized map would also grow once per row).
        _values = new Dictionary<string, object?>(schema.Columns.Length, StringComparer.Ordinal);
    }

    public Schema Schema { get; }

    public Request SetInt64(string column, long value)
    {
        _values[column] = value;
        return this;
    }

    public Request SetString(string column, string value)
    {
        _values[column] = value;
        return this;
    }

    public Request SetTime(string column, DateTime value)
    {
        _values[column] = value;
        return this;
    }

    public Request SetNull(string column)
    {
        _values[column] = null;
        return this;
    }

    /// <summary>The value of <paramref name="column"/>, or null when the row did not set it (Go's zero <c>any</c>).</summary>
    public object? Get(string column) => _values.TryGetValue(column, out var value) ? value : null;
}
