namespace BatchFlow.Redis;

/// <summary>
/// A stream entry that is not a row of the table it is read as: a field is missing where its column cannot be null,
/// a field has no column (or comes twice), or a field's value is not of its column's type in the form
/// <see cref="RedisStreamSink{T}"/> writes. Thrown by <see cref="RedisStreamRows.Read{T}(TableDescription{T}, StackExchange.Redis.StreamEntry)"/>;
/// a value is never guessed or zeroed.
/// </summary>
public sealed class RedisStreamEntryException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public RedisStreamEntryException()
        : this("The stream entry is not a row of its table.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public RedisStreamEntryException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, or null.</param>
    public RedisStreamEntryException(string message, Exception? innerException)
        : base(message, innerException)
    {
        EntryId = "";
        Table = "";
    }

    /// <summary>Creates the exception for one entry, naming the entry, the table and the field.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="entryId">The entry's id (<c>1700000000000-0</c>).</param>
    /// <param name="table">The table the entry was read as.</param>
    /// <param name="field">The field at fault, or null when the fault is not one field's.</param>
    /// <param name="innerException">The cause, or null.</param>
    public RedisStreamEntryException(string message, string entryId, string table, string? field, Exception? innerException = null)
        : base(message, innerException)
    {
        EntryId = entryId;
        Table = table;
        Field = field;
    }

    /// <summary>The id of the entry (<c>1700000000000-0</c>); empty when not given.</summary>
    public string EntryId { get; }

    /// <summary>The name of the table the entry was read as; empty when not given.</summary>
    public string Table { get; }

    /// <summary>The field (column name) at fault, or null.</summary>
    public string? Field { get; }
}
