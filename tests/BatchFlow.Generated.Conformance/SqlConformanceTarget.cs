using System.Data.Common;

namespace BatchFlow.Conformance;

/// <summary>
/// A <see cref="ConformanceTarget"/> for a SQL database: the suite's operations as SQL statements (in the partial
/// files beside this one), written once in terms of the provider's dialect, which a provider gives through the
/// abstract members here. Tables are created under fresh names and dropped with the target.
/// </summary>
public abstract partial class SqlConformanceTarget : ConformanceTarget
{
    private readonly List<string> _tables = [];

    /// <summary>A SQL database declares its tables: writing to one that does not exist fails.</summary>
    public sealed override bool HasSchema => true;

    /// <summary>The default the <see cref="ConformanceTarget.NoteColumn"/> column declares.</summary>
    public sealed override string? UnwrittenNote => FreshNote;

    /// <summary>The column type this provider's tables declare for a member type.</summary>
    public abstract string SqlType(ColumnType type);

    /// <summary>An identifier quoted for the provider's dialect.</summary>
    public abstract string Quote(string identifier);

    /// <summary>Runs one statement.</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>Runs a query and maps each row.</summary>
    public abstract Task<List<TRow>> QueryAsync<TRow>(string sql, Func<DbDataReader, TRow> read);

    /// <summary>No setup: a null name, which every table's NOT NULL <c>name</c> column refuses, and only for that row.</summary>
    public sealed override Task<string?> PoisonRowAsync(TableShape table, long id) => Task.FromResult<string?>(null);

    /// <summary>Drops the tables this target created.</summary>
    public override async ValueTask DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await ExecuteAsync($"DROP TABLE IF EXISTS {Quote(table)}").ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
