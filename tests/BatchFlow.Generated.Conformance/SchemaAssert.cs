namespace BatchFlow.Conformance;

/// <summary>Comparisons of what a provider's schema reader returns, shared by every provider's schema tests.</summary>
public static class SchemaAssert
{
    /// <summary>Column by column first, so that a difference names the column; then the indexes; then the whole table.</summary>
    /// <param name="expected">The table as the test declares it.</param>
    /// <param name="actual">The table as the reader returned it.</param>
    public static void Table(SchemaTable expected, SchemaTable actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        for (var i = 0; i < expected.Columns.Count; i++)
        {
            Assert.Equal(expected.Columns[i] with { Accepts = [] }, actual.Columns[i] with { Accepts = [] });
            Assert.True(expected.Columns[i].Accepts.SequenceEqual(actual.Columns[i].Accepts),
                $"{expected.Name}.{expected.Columns[i].Name} accepts {string.Join(",", actual.Columns[i].Accepts)}, expected {string.Join(",", expected.Columns[i].Accepts)}");
        }

        Assert.Equal(expected.Indexes, actual.Indexes);
        Assert.Equal(expected, actual);
    }
}
