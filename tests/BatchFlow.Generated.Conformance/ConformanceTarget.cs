using System.Data.Common;
using System.Globalization;
using System.Text;

namespace BatchFlow.Conformance;

/// <summary>
/// What a provider gives the conformance suite: its sink, its dialect for the few statements the suite runs to set up
/// and read back tables, and how it stores values it cannot keep exactly. One instance per test, so each test has
/// tables (and, for SQLite, a database file) of its own.
/// </summary>
public abstract class ConformanceTarget : IAsyncDisposable
{
    private readonly List<string> _tables = [];

    /// <summary>The provider's name, as its sink reports it.</summary>
    public abstract string Provider { get; }

    /// <summary>A sink writing <paramref name="table"/> (whose name is a table this target created).</summary>
    public abstract IBatchSink<T> CreateSink<T>(TableDescription<T> table);

    /// <summary>The column type this provider's tables declare for a member type.</summary>
    public abstract string SqlType(ColumnType type);

    /// <summary>An identifier quoted for the provider's dialect.</summary>
    public abstract string Quote(string identifier);

    /// <summary>Runs one statement.</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>Runs a query and maps each row.</summary>
    public abstract Task<List<TRow>> QueryAsync<TRow>(string sql, Func<DbDataReader, TRow> read);

    /// <summary>
    /// The value the provider reads back for <paramref name="value"/> of a column of <paramref name="type"/>: the value
    /// itself unless the database cannot keep it exactly (PostgreSQL keeps microseconds, not ticks). The suite writes
    /// only values every provider stores exactly or documents here.
    /// </summary>
    public virtual object? Stored(ColumnType type, object? value) => value;

    /// <summary>Reads a column as the CLR type of <paramref name="type"/> (an enum as its underlying integer), or null.</summary>
    public virtual object? Read(DbDataReader reader, int ordinal, ColumnType type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return type switch
        {
            ColumnType.Boolean => reader.GetFieldValue<bool>(ordinal),
            ColumnType.Byte => reader.GetFieldValue<byte>(ordinal),
            ColumnType.SByte => reader.GetFieldValue<sbyte>(ordinal),
            ColumnType.Int16 => reader.GetFieldValue<short>(ordinal),
            ColumnType.UInt16 => reader.GetFieldValue<ushort>(ordinal),
            ColumnType.Int32 => reader.GetFieldValue<int>(ordinal),
            ColumnType.UInt32 => reader.GetFieldValue<uint>(ordinal),
            ColumnType.Int64 => reader.GetFieldValue<long>(ordinal),
            ColumnType.UInt64 => reader.GetFieldValue<ulong>(ordinal),
            ColumnType.Single => reader.GetFieldValue<float>(ordinal),
            ColumnType.Double => reader.GetFieldValue<double>(ordinal),
            ColumnType.Decimal => reader.GetFieldValue<decimal>(ordinal),
            ColumnType.String => reader.GetFieldValue<string>(ordinal),
            ColumnType.Char => reader.GetFieldValue<char>(ordinal),
            ColumnType.Guid => reader.GetFieldValue<Guid>(ordinal),
            ColumnType.DateTime => reader.GetFieldValue<DateTime>(ordinal),
            ColumnType.DateTimeOffset => reader.GetFieldValue<DateTimeOffset>(ordinal),
            ColumnType.DateOnly => reader.GetFieldValue<DateOnly>(ordinal),
            ColumnType.TimeOnly => reader.GetFieldValue<TimeOnly>(ordinal),
            ColumnType.TimeSpan => reader.GetFieldValue<TimeSpan>(ordinal),
            ColumnType.Binary => reader.GetFieldValue<byte[]>(ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a column type."),
        };
    }

    /// <summary>
    /// Creates a fresh table for <paramref name="description"/>'s columns (NOT NULL unless nullable; the key columns
    /// as primary key) under a new name, plus <paramref name="extraColumns"/> (SQL, such as a column with a default),
    /// and returns the description renamed to it. The table is dropped with the target.
    /// </summary>
    public async Task<TableDescription<T>> CreateTableAsync<T>(TableDescription<T> description, string? extraColumns = null)
    {
        var name = $"{description.Name}_{Guid.NewGuid():N}"[..(description.Name.Length + 9)];
        var sql = new StringBuilder($"CREATE TABLE {Quote(name)} (");
        foreach (var column in description.Columns)
        {
            sql.Append(Quote(column.Name)).Append(' ').Append(SqlType(column.Type)).Append(column.IsNullable ? " NULL, " : " NOT NULL, ");
        }

        if (extraColumns is not null)
        {
            sql.Append(extraColumns).Append(", ");
        }

        if (description.KeyColumns.Count > 0)
        {
            sql.Append("PRIMARY KEY (").AppendJoin(", ", description.KeyColumns.Select(c => Quote(c.Name))).Append(')');
        }
        else
        {
            sql.Length -= 2;
        }

        sql.Append(')');
        await ExecuteAsync(sql.ToString()).ConfigureAwait(false);
        _tables.Add(name);
        return new TableDescription<T>(name, description.Conflict, description.Columns, description.KeyComparer, description.Writer);
    }

    /// <summary>The name of a table that does not exist.</summary>
    public static TableDescription<T> Missing<T>(TableDescription<T> description) =>
        new($"missing_{Guid.NewGuid():N}"[..16], description.Conflict, description.Columns, description.KeyComparer, description.Writer);

    /// <summary>Reads the named columns of every row, ordered by <paramref name="orderBy"/>.</summary>
    public Task<List<object?[]>> ReadAsync(TableShape table, IReadOnlyList<(string Name, ColumnType Type)> columns, params string[] orderBy)
    {
        var sql = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table.Name)} ORDER BY {string.Join(", ", orderBy.Select(Quote))}";
        return QueryAsync(sql, reader =>
        {
            var values = new object?[columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Read(reader, i, columns[i].Type);
            }

            return values;
        });
    }

    /// <summary>How many rows the table holds.</summary>
    public async Task<long> CountAsync(TableShape table) =>
        (await QueryAsync($"SELECT COUNT(*) FROM {Quote(table.Name)}", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)).ConfigureAwait(false)).Single();

    /// <summary>Drops the tables this target created.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await ExecuteAsync($"DROP TABLE IF EXISTS {Quote(table)}").ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}
