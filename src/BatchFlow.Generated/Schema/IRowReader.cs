namespace BatchFlow;

/// <summary>
/// Rebuilds a row from its column values, read in <see cref="TableShape.Columns"/> order from an
/// <see cref="IColumnReader"/>: the inverse of <see cref="IRowWriter{T}"/>. The generator implements it once per row
/// type, with no reflection (<see cref="TableDescription{T}.Reader"/>). Members the table does not write
/// (<c>[BatchIgnore]</c>) keep their default values: a constructor parameter gets its type's default, a member keeps
/// what the constructor gives it.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public interface IRowReader<T>
{
    /// <summary>Reads every column of one row from <paramref name="reader"/>, one call per column, in order, and builds the row.</summary>
    /// <typeparam name="TReader">The source's reader; a struct, so each source gets its own specialised code.</typeparam>
    /// <param name="reader">The source's reader, passed by reference so its position advances.</param>
    /// <returns>The row.</returns>
    T Read<TReader>(ref TReader reader)
        where TReader : struct, IColumnReader;
}
