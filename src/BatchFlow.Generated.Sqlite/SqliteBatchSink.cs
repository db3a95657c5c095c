namespace BatchFlow.Sqlite;

/// <summary>Writes batches of <typeparamref name="T"/> into SQLite. Generated <c>{Type}Flow.Sqlite(...)</c> factories create it.</summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class SqliteBatchSink<T>
{
    /// <summary>Creates the sink.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    /// <param name="table">The generated table description.</param>
    /// <param name="writer">The generated row writer.</param>
    public SqliteBatchSink(string connectionString, TableDescription<T> table, ISqliteRowWriter<T> writer)
    {
        throw new NotImplementedException();
    }
}
