using BatchFlow.PostgreSql.Tests.Support;
using NpgsqlTypes;

namespace BatchFlow.PostgreSql.Tests;

/// <summary>The dialect and the table plan, without a server.</summary>
public sealed class PostgresSqlTests
{
    private static readonly ColumnDescription[] s_columns =
    [
        new("org", "Org", ColumnType.Int32, isNullable: false, isKey: true),
        new("user \"name\"", "UserName", ColumnType.String, isNullable: false, isKey: true),
        new("role", "Role", ColumnType.String, isNullable: true, isKey: false),
        new("seen", "Seen", ColumnType.DateTime, isNullable: false, isKey: false),
    ];

    private static readonly CatalogColumn[] s_catalog =
    [
        new("org", "int4", "integer", false),
        new("user \"name\"", "text", "text", false),
        new("created", "timestamptz", "timestamp with time zone", false),
        new("role", "varchar", "character varying(20)", false),
        new("seen", "timestamptz", "timestamp with time zone", false),
        new("search", "tsvector", "tsvector", true),
        new("note", "text", "text", false),
    ];

    [Theory]
    [InlineData("users", "\"users\"")]
    [InlineData("Users", "\"Users\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("x; DROP TABLE y", "\"x; DROP TABLE y\"")]
    public void Identifiers_are_double_quoted_with_embedded_quotes_doubled(string name, string quoted)
    {
        Assert.Equal(quoted, PostgresSql.Quote(name));
    }

    [Fact]
    public void Conflict_None_copies_straight_into_the_table()
    {
        var plan = PostgresTablePlan.Create("Members", Conflict.None, s_columns, s_catalog);

        Assert.Equal("COPY \"Members\" (\"org\", \"user \"\"name\"\"\", \"role\", \"seen\") FROM STDIN (FORMAT BINARY)", plan.Copy);
        Assert.Null(plan.CreateStaging);
        Assert.Null(plan.Merge);
    }

    [Fact]
    public void Upserts_copy_into_a_staging_table_shaped_like_the_written_columns()
    {
        var plan = PostgresTablePlan.Create("Members", Conflict.Ignore, s_columns, s_catalog);

        Assert.Equal("COPY pg_temp.\"_batchflow_staging\" (\"org\", \"user \"\"name\"\"\", \"role\", \"seen\") FROM STDIN (FORMAT BINARY)", plan.Copy);
        Assert.Equal(
            "DROP TABLE IF EXISTS pg_temp.\"_batchflow_staging\"; CREATE TEMPORARY TABLE \"_batchflow_staging\" ON COMMIT DELETE ROWS AS " +
            "SELECT \"org\", \"user \"\"name\"\"\", \"role\", \"seen\" FROM \"Members\" WITH NO DATA",
            plan.CreateStaging);
    }

    [Theory]
    [InlineData(Conflict.Ignore, " DO NOTHING")]
    [InlineData(Conflict.Update, " DO UPDATE SET \"role\" = EXCLUDED.\"role\", \"seen\" = EXCLUDED.\"seen\"")]
    [InlineData(Conflict.Replace, " DO UPDATE SET \"role\" = EXCLUDED.\"role\", \"seen\" = EXCLUDED.\"seen\", \"created\" = DEFAULT, \"note\" = DEFAULT")]
    public void The_merge_follows_the_conflict_mode(Conflict conflict, string action)
    {
        var plan = PostgresTablePlan.Create("Members", conflict, s_columns, s_catalog);

        Assert.Equal(
            "INSERT INTO \"Members\" (\"org\", \"user \"\"name\"\"\", \"role\", \"seen\") SELECT \"org\", \"user \"\"name\"\"\", \"role\", \"seen\" " +
            "FROM pg_temp.\"_batchflow_staging\" ORDER BY \"org\", \"user \"\"name\"\"\" ON CONFLICT (\"org\", \"user \"\"name\"\"\")" + action,
            plan.Merge);
    }

    [Theory]
    [InlineData(Conflict.Update)]
    [InlineData(Conflict.Replace)]
    public void A_table_of_key_columns_only_has_nothing_to_update(Conflict conflict)
    {
        ColumnDescription[] keys = [new("id", "Id", ColumnType.Int64, isNullable: false, isKey: true)];

        var plan = PostgresTablePlan.Create("t", conflict, keys, [new("id", "int8", "bigint", false)]);

        Assert.EndsWith("ON CONFLICT (\"id\") DO NOTHING", plan.Merge, StringComparison.Ordinal);
    }

    [Fact]
    public void DateTime_columns_take_their_type_from_the_catalog_and_the_others_from_the_mapping()
    {
        var timestamptz = PostgresTablePlan.Create("t", Conflict.None, s_columns, s_catalog).Types;
        var timestamp = PostgresTablePlan.Create("t", Conflict.None, s_columns,
            [.. s_catalog.Select(c => c.Name == "seen" ? c with { TypeName = "timestamp", DeclaredType = "timestamp without time zone" } : c)]).Types;

        Assert.Equal([NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz], Enumerable.Range(0, 4).Select(i => timestamptz[i]));
        Assert.Equal(NpgsqlDbType.Timestamp, timestamp[3]);
        Assert.Equal(4, timestamp.Count);
    }

    [Theory]
    [InlineData("jsonb", NpgsqlDbType.Jsonb)]
    [InlineData("json", NpgsqlDbType.Text)]
    [InlineData("citext", NpgsqlDbType.Text)]
    [InlineData("varchar", NpgsqlDbType.Text)]
    public void String_columns_take_their_write_type_from_the_catalog(string typeName, NpgsqlDbType expected)
    {
        var types = PostgresTablePlan.Create("t", Conflict.None, s_columns,
            [.. s_catalog.Select(c => c.Name == "role" ? c with { TypeName = typeName, DeclaredType = typeName } : c)]).Types;

        Assert.Equal(expected, types[2]);
        Assert.Equal(NpgsqlDbType.Text, types[1]);
    }

    [Fact]
    public void A_missing_table_is_named_in_the_error()
    {
        var error = Assert.Throws<BatchSchemaException>(() => PostgresTablePlan.Create("Gone", Conflict.None, s_columns, []));

        Assert.StartsWith("Table \"Gone\" was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_column_that_does_not_fit_is_named_in_one_error()
    {
        CatalogColumn[] catalog =
        [
            new("org", "int8", "bigint", false),
            new("role", "xml", "xml", false),
            new("seen", "date", "date", false),
            new("user \"name\"", "text", "text", true),
        ];

        var error = Assert.Throws<BatchSchemaException>(() => PostgresTablePlan.Create("t", Conflict.Update, s_columns, catalog));

        Assert.Contains("column \"org\" is bigint, but member Org (Int32) is copied as integer", error.Message, StringComparison.Ordinal);
        Assert.Contains("column \"user \"\"name\"\"\" is generated and cannot be written (member UserName", error.Message, StringComparison.Ordinal);
        Assert.Contains("column \"role\" is xml, but member Role (String) is copied as text", error.Message, StringComparison.Ordinal);
        Assert.Contains("column \"seen\" is date, but member Seen (DateTime) is copied as timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_column_that_refuses_written_values_is_named()
    {
        var error = Assert.Throws<BatchSchemaException>(() => PostgresTablePlan.Create("t", Conflict.None, s_columns,
            [.. s_catalog.Select(c => c.Name == "org" ? c with { IsIdentityAlways = true } : c)]));

        Assert.Contains("column \"org\" is GENERATED ALWAYS AS IDENTITY and refuses written values (member Org", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_missing_from_the_table_is_named()
    {
        var error = Assert.Throws<BatchSchemaException>(() =>
            PostgresTablePlan.Create("t", Conflict.None, s_columns, [.. s_catalog.Where(c => c.Name != "role")]));

        Assert.Contains("it has no column \"role\" (member Role)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_staging_table_name_is_refused_as_a_target()
    {
        using var dataSource = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1");

        Assert.Throws<ArgumentException>(() => Accounts.RawSink(dataSource, Conflict.None, "_batchflow_staging"));
    }

    [Fact]
    public void Every_column_type_has_a_db_type_a_declared_type_and_accepts_its_own_type()
    {
        foreach (var type in Enum.GetValues<ColumnType>())
        {
            var dbType = PostgresTypes.DbType(type);
            var name = PostgresTypes.TypeName(type);
            var accepted = PostgresTypes.AcceptedTypes(type);

            Assert.NotEqual(default, dbType);
            Assert.False(string.IsNullOrEmpty(name));
            Assert.NotEmpty(accepted);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresTypes.DbType((ColumnType)999));
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresTypes.TypeName((ColumnType)999));
    }

    [Fact]
    public void A_default_column_types_value_says_it_was_not_made_by_a_sink()
    {
        var none = default(PostgresColumnTypes);

        Assert.Equal(0, none.Count);
        Assert.Throws<InvalidOperationException>(() => none[0]);
    }
}
