namespace BatchFlow.Conformance;

/// <summary>Statistics of an <see cref="ColumnType.Int64"/> key column over every stored row, as the load test checks them.</summary>
/// <param name="Count">How many rows are stored.</param>
/// <param name="DistinctCount">How many distinct key values they hold.</param>
/// <param name="Sum">The sum of the key values.</param>
public readonly record struct KeyStatistics(long Count, long DistinctCount, long Sum);
