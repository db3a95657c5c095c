namespace BatchFlow.Conformance;

/// <summary>
/// What a provider gives the conformance suite, in terms of operations rather than a query language: its sink, a
/// fresh place to write each row type to, and the few reads and edits the tests make around the flow. A SQL provider
/// derives from <see cref="SqlConformanceTarget"/>; a store without SQL (Redis) implements these operations itself.
/// One instance per test, so each test has tables (or keys) of its own.
/// </summary>
public abstract class ConformanceTarget : IAsyncDisposable
{
    /// <summary>The extra string column <see cref="CreateTableAsync{T}"/> adds on request: no row type writes it.</summary>
    public const string NoteColumn = "note";

    /// <summary>The default of <see cref="NoteColumn"/> where the store has defaults.</summary>
    public const string FreshNote = "fresh";

    /// <summary>The value <see cref="MarkNotesEditedAsync"/> sets <see cref="NoteColumn"/> to.</summary>
    public const string EditedNote = "edited";

    /// <summary>The provider's name, as its sink reports it.</summary>
    public abstract string Provider { get; }

    /// <summary>
    /// Whether the store declares tables up front, so that writing to one that does not exist fails (SQL databases).
    /// A store without a schema (Redis) writes any name; the tests of a missing table are skipped for it.
    /// </summary>
    public abstract bool HasSchema { get; }

    /// <summary>
    /// What a row reads back for <see cref="NoteColumn"/> when no write set it: <see cref="FreshNote"/> where the
    /// column has that default, <see langword="null"/> (an absent field) in a store without defaults.
    /// </summary>
    public abstract string? UnwrittenNote { get; }

    /// <summary>A sink writing <paramref name="table"/> (a table this target created, or <see cref="Missing{T}"/>).</summary>
    public abstract IBatchSink<T> CreateSink<T>(TableDescription<T> table);

    /// <summary>
    /// Makes a fresh, empty table for <paramref name="description"/>'s columns under a new name and returns the
    /// description renamed to it. In a store with a schema each column is NOT NULL unless nullable and the key columns
    /// are the primary key. With <paramref name="withNote"/> the table also has the string column
    /// <see cref="NoteColumn"/>, which no row writes (its default is <see cref="FreshNote"/> where the store has
    /// defaults). The table is removed with the target.
    /// </summary>
    public abstract Task<TableDescription<T>> CreateTableAsync<T>(TableDescription<T> description, bool withNote = false);

    /// <summary>Sets <see cref="NoteColumn"/> of every row stored in <paramref name="table"/> to <see cref="EditedNote"/>.</summary>
    public abstract Task MarkNotesEditedAsync(TableShape table);

    /// <summary>
    /// Reads the named columns of every row of <paramref name="table"/>, ordered by its key columns: one array per
    /// row, each value as the CLR type of its <see cref="ColumnType"/> (an enum as its underlying integer) or
    /// <see langword="null"/> (a null member, or an absent field). A poison put in place by <see cref="PoisonRowAsync"/>
    /// is not a row.
    /// </summary>
    public abstract Task<List<object?[]>> ReadAsync(TableShape table, IReadOnlyList<(string Name, ColumnType Type)> columns);

    /// <summary>How many rows <paramref name="table"/> holds (a poison put in place by <see cref="PoisonRowAsync"/> is not a row).</summary>
    public abstract Task<long> CountAsync(TableShape table);

    /// <summary>The count, distinct count and sum of the <see cref="ColumnType.Int64"/> key column <paramref name="keyColumn"/> over every row of <paramref name="table"/>.</summary>
    public abstract Task<KeyStatistics> KeyStatisticsAsync(TableShape table, string keyColumn);

    /// <summary>
    /// Makes the row of <paramref name="table"/> whose key column <c>id</c> is <paramref name="id"/> a poison row, one
    /// the store refuses while it takes the rest of its batch, and returns the name to submit it with. A SQL target
    /// needs no setup: it returns a null name, which the NOT NULL <c>name</c> column refuses. Redis puts a list at that
    /// row's key, so the write of the hash fails: WRONGTYPE in the modes that write over a key, KEYEXISTS under
    /// <see cref="Conflict.None"/>, whose script finds the key taken first. The test awaits this before it submits that row.
    /// </summary>
    public abstract Task<string?> PoisonRowAsync(TableShape table, long id);

    /// <summary>
    /// The value the store reads back for <paramref name="value"/> of a column of <paramref name="type"/>: the value
    /// itself unless the store cannot keep it exactly (PostgreSQL keeps microseconds, not ticks). The suite writes
    /// only values every provider stores exactly or documents here.
    /// </summary>
    public virtual object? Stored(ColumnType type, object? value) => value;

    /// <summary>A description renamed to a table that does not exist (and that no target creates).</summary>
    public static TableDescription<T> Missing<T>(TableDescription<T> description) =>
        new($"missing_{Guid.NewGuid():N}"[..16], description.Conflict, description.Columns, description.KeyComparer, description.Writer);

    /// <summary>Removes what this target created; a derived target releases its connections after calling this.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
