using BatchFlow.Conformance;
using BatchFlow.MySql.Tests.Support;
using MySqlConnector;
using CT = BatchFlow.ColumnType;

namespace BatchFlow.MySql.Tests.Schema;

/// <summary><see cref="MySqlSchema.ReadAsync"/> against the real server, in a database of the test's own.</summary>
public sealed class MySqlSchemaTests
{
    private const string Tables =
        """
        CREATE TABLE orders (
            tenant INT NOT NULL,
            id BIGINT NOT NULL AUTO_INCREMENT,
            code VARCHAR(20) NOT NULL,
            email VARCHAR(100) NULL,
            status VARCHAR(10) NOT NULL DEFAULT 'new',
            amount DECIMAL(10,2) DEFAULT 0,
            doubled DECIMAL(12,2) AS (amount * 2) STORED,
            created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
            flag TINYINT(1) NOT NULL DEFAULT 1,
            token BINARY(16) NULL,
            payload LONGBLOB NULL,
            PRIMARY KEY (tenant, id),
            KEY orders_id (id),
            UNIQUE KEY orders_code (code),
            UNIQUE KEY orders_tenant_status (tenant, status),
            UNIQUE KEY orders_email_prefix (email(10)),
            KEY orders_created (created_at));
        CREATE TABLE events (id INT PRIMARY KEY, name TEXT NULL);
        CREATE VIEW order_codes AS SELECT code FROM orders;
        """;

    private static readonly CT[] s_int = [CT.Boolean, CT.Byte, CT.SByte, CT.Int16, CT.UInt16, CT.Int32];
    private static readonly CT[] s_bigint = [CT.Boolean, CT.Byte, CT.SByte, CT.Int16, CT.UInt16, CT.Int32, CT.UInt32, CT.Int64, CT.TimeSpan];

    private static SchemaColumn Column(string name, string type, bool nullable, CT[] accepts, string? defaultValue = null, bool generated = false, SchemaIdentity identity = SchemaIdentity.None) =>
        new(name, type, nullable, defaultValue, generated, identity, accepts);

    private static SchemaTable Orders(bool mariaDb) => new(
        "orders",
        [
            Column("tenant", mariaDb ? "int(11)" : "int", nullable: false, s_int),
            Column("id", mariaDb ? "bigint(20)" : "bigint", nullable: false, s_bigint, identity: SchemaIdentity.ByDefault),
            Column("code", "varchar(20)", nullable: false, [CT.String, CT.Char]),
            Column("email", "varchar(100)", nullable: true, [CT.String, CT.Char, CT.Guid]),
            Column("status", "varchar(10)", nullable: false, [CT.String, CT.Char], defaultValue: mariaDb ? "'new'" : "new"),
            Column("amount", "decimal(10,2)", nullable: true, [CT.Decimal], defaultValue: "0.00"),
            Column("doubled", "decimal(12,2)", nullable: true, [CT.Decimal], generated: true),
            Column("created_at", "datetime(6)", nullable: false, [CT.DateTime, CT.DateTimeOffset], defaultValue: mariaDb ? "current_timestamp(6)" : "CURRENT_TIMESTAMP(6)"),
            Column("flag", "tinyint(1)", nullable: false, [CT.Boolean, CT.SByte], defaultValue: "1"),
            Column("token", "binary(16)", nullable: true, [CT.Guid]),
            Column("payload", "longblob", nullable: true, [CT.Binary]),
        ],
        [
            new SchemaIndex("PRIMARY", ["tenant", "id"], IsPrimaryKey: true),
            new SchemaIndex("orders_code", ["code"], IsPrimaryKey: false),
            new SchemaIndex("orders_tenant_status", ["tenant", "status"], IsPrimaryKey: false),
        ]);

    private static async Task<bool> IsMariaDbAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT VERSION()", connection);
        return ((string)(await command.ExecuteScalarAsync())!).Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_base_table_of_the_current_database_reads_back_with_its_columns_keys_and_unique_indexes()
    {
        await using var schema = await TestSchema.CreateAsync(Tables);
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        var snapshot = await MySqlSchema.ReadAsync(connection);

        Assert.Equal("mysql", snapshot.Provider);
        await using (var version = new MySqlCommand("SELECT VERSION()", connection))
        {
            Assert.Equal((string)(await version.ExecuteScalarAsync())!, snapshot.ServerVersion);
        }

        // By name; not the view. The prefix index (unique over email's first 10 characters, not its value) is left out.
        Assert.Equal(["events", "orders"], snapshot.Tables.Select(t => t.Name));
        var mariaDb = await IsMariaDbAsync(connection);
        SchemaAssert.Table(Orders(mariaDb), snapshot.Tables[1]);
        SchemaAssert.Table(
            new SchemaTable(
                "events",
                [Column("id", mariaDb ? "int(11)" : "int", nullable: false, s_int), Column("name", "text", nullable: true, [CT.String, CT.Char])],
                [new SchemaIndex("PRIMARY", ["id"], IsPrimaryKey: true)]),
            snapshot.Tables[0]);
    }

    [Fact]
    public async Task Named_tables_that_are_not_base_tables_are_absent()
    {
        await using var schema = await TestSchema.CreateAsync(Tables);
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        var snapshot = await MySqlSchema.ReadAsync(connection, ["orders", "order_codes", "no_such_table"]);
        SchemaAssert.Table(Orders(await IsMariaDbAsync(connection)), Assert.Single(snapshot.Tables));
        Assert.Empty((await MySqlSchema.ReadAsync(connection, [])).Tables);
    }

    [Fact]
    public async Task A_dropped_index_and_an_added_column_show_in_the_next_read()
    {
        await using var schema = await TestSchema.CreateAsync(Tables);
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        var before = Assert.Single((await MySqlSchema.ReadAsync(connection, ["orders"])).Tables);
        await TestDatabase.ExecuteAsync("DROP INDEX orders_code ON orders; ALTER TABLE orders ADD COLUMN note VARCHAR(40) NOT NULL DEFAULT 'none'", schema.ConnectionString);
        var after = Assert.Single((await MySqlSchema.ReadAsync(connection, ["orders"])).Tables);

        var mariaDb = await IsMariaDbAsync(connection);
        Assert.Equal(
            before.Columns.Append(Column("note", "varchar(40)", nullable: false, [CT.String, CT.Char, CT.Guid], defaultValue: mariaDb ? "'none'" : "none")),
            after.Columns);
        Assert.Equal(before.Indexes.Where(i => i.Name != "orders_code"), after.Indexes);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task The_sink_s_plan_accepts_a_member_type_exactly_where_the_snapshot_says_it_does()
    {
        await using var schema = await TestSchema.CreateAsync(Tables);
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        var orders = Assert.Single((await MySqlSchema.ReadAsync(connection, ["orders"])).Tables);
        var disagreements = new List<string>();
        foreach (var column in orders.Columns.Where(c => !c.IsGenerated))
        {
            foreach (var type in Enum.GetValues<CT>())
            {
                var shape = new TableShape("orders", Conflict.None, [new ColumnDescription(column.Name, "Member", type, isNullable: true, isKey: false)]);
                bool planned;
                try
                {
                    await MySqlTablePlan.LoadAsync(connection, shape, default);
                    planned = true;
                }
                catch (BatchSchemaException)
                {
                    planned = false;
                }

                if (planned != column.Accepts.Contains(type))
                {
                    disagreements.Add($"{column.Name} {type}: plan {(planned ? "accepts" : "refuses")} it, the snapshot {(planned ? "does not list" : "lists")} it");
                }
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public async Task The_sink_s_plan_refuses_a_generated_column_a_view_and_a_missing_table()
    {
        await using var schema = await TestSchema.CreateAsync(Tables);
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        var generated = new TableShape("orders", Conflict.None, [new ColumnDescription("doubled", "Doubled", CT.Decimal, isNullable: true, isKey: false)]);
        var error = await Assert.ThrowsAsync<BatchSchemaException>(() => MySqlTablePlan.LoadAsync(connection, generated, default));
        Assert.Contains("column `doubled` is generated and cannot be written (member Doubled", error.Message, StringComparison.Ordinal);

        foreach (var name in new[] { "order_codes", "no_such_table" })
        {
            var shape = new TableShape(name, Conflict.None, [new ColumnDescription("code", "Code", CT.String, isNullable: false, isKey: false)]);
            var missing = await Assert.ThrowsAsync<BatchSchemaException>(() => MySqlTablePlan.LoadAsync(connection, shape, default));
            Assert.Contains($"Table `{name}` was not found in database `{schema.Name}`", missing.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_connection_without_a_current_database_is_refused_and_arguments_are_checked()
    {
        await using var connection = new MySqlConnection(TestDatabase.With(b => b.Database = ""));
        await Assert.ThrowsAsync<InvalidOperationException>(() => MySqlSchema.ReadAsync(connection));
        await connection.OpenAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MySqlSchema.ReadAsync(connection));
        Assert.Contains("no current database", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => MySqlSchema.ReadAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => MySqlSchema.ReadAsync(connection, [""]));
    }
}
