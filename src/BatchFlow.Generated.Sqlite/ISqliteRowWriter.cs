namespace BatchFlow.Sqlite;

/// <summary>
/// Binds one row's values into a prepared SQLite statement, column by column in table order. The generator
/// implements it as a stateless singleton per row type; its presence in a compilation is how the generator knows
/// that the SQLite provider is referenced.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public interface ISqliteRowWriter<T>
{
    /// <summary>Writes every column of <paramref name="row"/>, in <see cref="TableDescription{T}.Columns"/> order.</summary>
    void Write(in T row, ref SqliteRowBinder binder);
}
