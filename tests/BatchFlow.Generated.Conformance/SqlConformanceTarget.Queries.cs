using System.Globalization;

namespace BatchFlow.Conformance;

public abstract partial class SqlConformanceTarget
{
    /// <summary>A <c>SELECT</c> of the columns <c>ORDER BY</c> the key columns, each value through <see cref="Read"/>.</summary>
    public sealed override Task<List<object?[]>> ReadAsync(TableShape table, IReadOnlyList<(string Name, ColumnType Type)> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var sql = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table.Name)} ORDER BY {string.Join(", ", table.KeyColumns.Select(c => Quote(c.Name)))}";
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

    /// <summary><c>SELECT COUNT(*)</c>.</summary>
    public sealed override async Task<long> CountAsync(TableShape table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return (await QueryAsync($"SELECT COUNT(*) FROM {Quote(table.Name)}", r => ToInt64(r.GetValue(0))).ConfigureAwait(false)).Single();
    }

    /// <summary><c>SELECT COUNT(*), COUNT(DISTINCT key), SUM(key)</c>.</summary>
    public sealed override async Task<KeyStatistics> KeyStatisticsAsync(TableShape table, string keyColumn)
    {
        ArgumentNullException.ThrowIfNull(table);
        var key = Quote(keyColumn);
        var rows = await QueryAsync(
            $"SELECT COUNT(*), COUNT(DISTINCT {key}), SUM({key}) FROM {Quote(table.Name)}",
            r => new KeyStatistics(ToInt64(r.GetValue(0)), ToInt64(r.GetValue(1)), ToInt64(r.GetValue(2)))).ConfigureAwait(false);
        return rows.Single();
    }

    // Databases answer COUNT and SUM in types of their own (PostgreSQL's SUM of a bigint is numeric).
    private static long ToInt64(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
