namespace BatchFlow.Benchmarks.Scaling;

/// <summary>Where a scaling suite writes: the do-nothing sink or one of the four databases.</summary>
public enum Sink
{
    /// <summary><see cref="Core.NullSink{T}"/>: only the flow's core; its baseline is the raw channel.</summary>
    Null,

    /// <summary>A SQLite file (WAL).</summary>
    Sqlite,

    /// <summary>The PostgreSQL server of <c>eng/postgres.sh</c>.</summary>
    Postgres,

    /// <summary>The MariaDB server of <c>eng/mariadb.sh</c>.</summary>
    MySql,

    /// <summary>The Redis server of <c>eng/redis.sh</c>: one hash per row.</summary>
    Redis,
}

/// <summary>
/// One database as the scaling suites use it: a table of a given shape, emptied before each iteration and counted after
/// it, a sink for the flow, and the provider's raw path (the driver's fastest plain write, one writer, one batch per
/// call) as the baseline at the same shape.
/// </summary>
public abstract class ScalingTarget : IAsyncDisposable
{
    /// <summary>The database behind a <see cref="Sink"/> value.</summary>
    public static ScalingTarget For(Sink sink) => sink switch
    {
        Sink.Null => new NullTarget(),
        Sink.Sqlite => new SqliteTarget(),
        Sink.Postgres => new PostgresTarget(),
        Sink.MySql => new MySqlTarget(),
        Sink.Redis => new RedisTarget(),
        _ => throw new ArgumentOutOfRangeException(nameof(sink), sink, null),
    };

    /// <summary>Creates (or recreates) the table <paramref name="name"/> with <paramref name="columns"/>, the first the key.</summary>
    public abstract Task SetUpAsync(string name, IReadOnlyList<ColumnDescription> columns);

    /// <summary>Empties the table (synchronous: BenchmarkDotNet's iteration setup).</summary>
    public abstract void Reset();

    /// <summary>Rows stored since <see cref="Reset"/>.</summary>
    public abstract long CountStored();

    /// <summary>The provider's sink for the flow, on the target's connection settings.</summary>
    public abstract IBatchSink<T> CreateSink<T>(TableDescription<T> table);

    /// <summary>The baseline: every row of <paramref name="data"/> in batches of <paramref name="batchSize"/>, one writer.</summary>
    /// <remarks>The databases read <paramref name="data"/> with one writer; only the do-nothing sink's raw channel takes
    /// <paramref name="rows"/> from <paramref name="producers"/> tasks.</remarks>
    public abstract Task WriteRawAsync<T>(ColumnarRows data, T[] rows, int batchSize, int producers)
        where T : class;

    public abstract ValueTask DisposeAsync();
}
