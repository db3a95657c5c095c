namespace BatchFlow.Benchmarks.Scaling;

/// <summary>
/// A table's rows as one typed array per column, filled deterministically from the table's column types: what the
/// raw paths read (a typed switch per column, no boxing but where the driver's API boxes), and what the row types
/// are built from (<see cref="ScalingRows"/>), so the flow and its baseline write the same values.
/// </summary>
public sealed class ColumnarRows
{
    private static readonly DateTime s_start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly Array[] _columns;

    public ColumnarRows(IReadOnlyList<ColumnDescription> columns, int count)
    {
        Columns = columns;
        Count = count;
        _columns = new Array[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            _columns[c] = Fill(columns[c], c, count);
        }
    }

    /// <summary>The columns, in the table's order (the first is the key).</summary>
    public IReadOnlyList<ColumnDescription> Columns { get; }

    /// <summary>Rows; the key column holds 1 .. <see cref="Count"/>.</summary>
    public int Count { get; }

    public long Int64(int column, int row) => ((long[])_columns[column])[row];

    public int Int32(int column, int row) => ((int[])_columns[column])[row];

    public double Double(int column, int row) => ((double[])_columns[column])[row];

    public bool Boolean(int column, int row) => ((bool[])_columns[column])[row];

    /// <summary>The text; null in a nullable column for every tenth row (offset by the column).</summary>
    public string? String(int column, int row) => ((string?[])_columns[column])[row];

    /// <summary>A UTC instant with whole microseconds (every database here keeps them).</summary>
    public DateTime DateTime(int column, int row) => ((DateTime[])_columns[column])[row];

    public Guid Guid(int column, int row) => ((Guid[])_columns[column])[row];

    /// <summary>The value boxed, or null: for the driver APIs that take <see cref="object"/> (ADO.NET parameters, data readers).</summary>
    public object? Value(int column, int row) => _columns[column].GetValue(row);

    private static Array Fill(ColumnDescription column, int c, int count)
    {
        switch (column.Type)
        {
            case ColumnType.Int64:
                var longs = new long[count];
                for (var i = 0; i < count; i++)
                {
                    longs[i] = column.IsKey ? i + 1L : ((long)i * 1_000_003L) + c;
                }

                return longs;
            case ColumnType.Int32:
                var ints = new int[count];
                for (var i = 0; i < count; i++)
                {
                    ints[i] = (i * 7) + c;
                }

                return ints;
            case ColumnType.Double:
                var doubles = new double[count];
                for (var i = 0; i < count; i++)
                {
                    doubles[i] = (i * 0.25) + c;
                }

                return doubles;
            case ColumnType.Boolean:
                var flags = new bool[count];
                for (var i = 0; i < count; i++)
                {
                    flags[i] = (i + c) % 2 == 0;
                }

                return flags;
            case ColumnType.String:
                var texts = new string?[count];
                for (var i = 0; i < count; i++)
                {
                    texts[i] = column.IsNullable && (i + c) % 10 == 0 ? null : $"value {i + 1} of column {c}";
                }

                return texts;
            case ColumnType.DateTime:
                var times = new DateTime[count];
                for (var i = 0; i < count; i++)
                {
                    times[i] = s_start.AddTicks(((i * 1_234_567L) + c) * 10);
                }

                return times;
            case ColumnType.Guid:
                var guids = new Guid[count];
                for (var i = 0; i < count; i++)
                {
                    guids[i] = new Guid(i, (short)c, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1);
                }

                return guids;
            default:
                throw new NotSupportedException($"The scaling suites have no values for {column}.");
        }
    }
}
