namespace BatchFlow.Sqlite.Tests;

public class SqliteSqlTests
{
    private sealed record Row(long Tenant, long Id, string Name);

    private static TableDescription<Row> Table(Conflict conflict, string name = "t", bool compositeKey = false, bool allKeys = false) => new(
        name,
        conflict,
        allKeys
            ? [
                new ColumnDescription("tenant", "Tenant", ColumnType.Int64, false, isKey: true),
                new ColumnDescription("id", "Id", ColumnType.Int64, false, isKey: true),
            ]
            : [
                new ColumnDescription("tenant", "Tenant", ColumnType.Int64, false, isKey: compositeKey),
                new ColumnDescription("id", "Id", ColumnType.Int64, false, isKey: true),
                new ColumnDescription("name", "Name", ColumnType.String, false, isKey: false),
            ],
        EqualityComparer<Row>.Create((a, b) => a!.Id == b!.Id, r => r.Id.GetHashCode()),
        NoRowWriter<Row>.Instance);

    [Theory]
    [InlineData("users", "\"users\"")]
    [InlineData("my \"table\"", "\"my \"\"table\"\"\"")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("select", "\"select\"")]
    public void Identifiers_are_double_quoted_with_embedded_quotes_doubled(string name, string expected) =>
        Assert.Equal(expected, SqliteSql.Quote(name));

    [Fact]
    public void None_is_a_plain_multi_row_insert()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?), (?, ?, ?)",
            SqliteSql.Insert(Table(Conflict.None), 2));
    }

    [Fact]
    public void One_row_statement_has_one_values_tuple()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?)",
            SqliteSql.Insert(Table(Conflict.None), 1));
    }

    [Fact]
    public void Ignore_does_nothing_on_a_conflict_of_the_key()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO NOTHING",
            SqliteSql.Insert(Table(Conflict.Ignore), 1));
    }

    [Fact]
    public void Ignore_names_every_column_of_a_composite_key_in_order()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT (\"tenant\", \"id\") DO NOTHING",
            SqliteSql.Insert(Table(Conflict.Ignore, compositeKey: true), 2));
    }

    [Fact]
    public void Update_sets_every_non_key_column_from_excluded()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"tenant\" = excluded.\"tenant\", \"name\" = excluded.\"name\"",
            SqliteSql.Insert(Table(Conflict.Update), 1));
    }

    [Fact]
    public void Update_with_a_composite_key_sets_only_the_other_columns()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?) ON CONFLICT (\"tenant\", \"id\") DO UPDATE SET \"name\" = excluded.\"name\"",
            SqliteSql.Insert(Table(Conflict.Update, compositeKey: true), 1));
    }

    [Fact]
    public void Update_of_a_table_that_is_all_key_does_nothing_on_conflict()
    {
        Assert.Equal(
            "INSERT INTO \"t\" (\"tenant\", \"id\") VALUES (?, ?) ON CONFLICT (\"tenant\", \"id\") DO NOTHING",
            SqliteSql.Insert(Table(Conflict.Update, allKeys: true), 1));
    }

    [Fact]
    public void Replace_is_insert_or_replace()
    {
        Assert.Equal(
            "INSERT OR REPLACE INTO \"t\" (\"tenant\", \"id\", \"name\") VALUES (?, ?, ?), (?, ?, ?)",
            SqliteSql.Insert(Table(Conflict.Replace), 2));
    }

    [Fact]
    public void Table_and_column_names_needing_quotes_are_quoted_everywhere()
    {
        var table = new TableDescription<Row>(
            "my \"table\"",
            Conflict.Update,
            [
                new ColumnDescription("key \"k\"", "Id", ColumnType.Int64, false, isKey: true),
                new ColumnDescription("full name", "Name", ColumnType.String, false, isKey: false),
            ],
            EqualityComparer<Row>.Default,
            NoRowWriter<Row>.Instance);

        Assert.Equal(
            "INSERT INTO \"my \"\"table\"\"\" (\"key \"\"k\"\"\", \"full name\") VALUES (?, ?) ON CONFLICT (\"key \"\"k\"\"\") DO UPDATE SET \"full name\" = excluded.\"full name\"",
            SqliteSql.Insert(table, 1));
    }

    [Fact]
    public void Statement_binds_rows_times_columns_parameters()
    {
        var sql = SqliteSql.Insert(Table(Conflict.Update, compositeKey: true), 25);
        Assert.Equal(25 * 3, sql.Count(c => c == '?'));
    }

    [Theory]
    [InlineData(4, 32766, 25, 25)]
    [InlineData(2000, 32766, 25, 16)]
    [InlineData(2000, 32766, 10, 10)]
    [InlineData(999, 999, 25, 1)]
    [InlineData(10, 999, 1000, 99)]
    [InlineData(1, 32766, 100, 100)]
    public void Rows_per_statement_stay_within_the_parameter_limit(int columns, int limit, int preferred, int expected)
    {
        var rows = SqliteSql.RowsPerStatement(columns, limit, preferred);
        Assert.Equal(expected, rows);
        Assert.True(rows * columns <= limit);
    }

    [Fact]
    public void A_row_wider_than_the_parameter_limit_is_refused_with_a_clear_error()
    {
        var exception = Assert.Throws<NotSupportedException>(() => SqliteSql.RowsPerStatement(1000, 999, 25));
        Assert.Contains("1000 columns", exception.Message, StringComparison.Ordinal);
    }
}
