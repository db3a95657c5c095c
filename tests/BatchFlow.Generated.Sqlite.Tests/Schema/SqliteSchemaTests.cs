using BatchFlow.Conformance;
using Microsoft.Data.Sqlite;
using CT = BatchFlow.ColumnType;

namespace BatchFlow.Sqlite.Tests.Schema;

/// <summary><see cref="SqliteSchema.ReadAsync"/> against a real database file.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    // What each kind of column stores exactly, spelled out (not computed) so that a change in the rule shows here.
    private static readonly CT[] s_integers = [CT.Boolean, CT.Byte, CT.SByte, CT.Int16, CT.UInt16, CT.Int32, CT.UInt32, CT.Int64, CT.UInt64];
    private static readonly CT[] s_formatted = [CT.Guid, CT.DateTime, CT.DateTimeOffset, CT.DateOnly, CT.TimeOnly, CT.TimeSpan];
    private static readonly CT[] s_integerAffinity = [.. s_integers, .. s_formatted, CT.Binary];
    private static readonly CT[] s_textAffinity = [CT.Decimal, CT.String, CT.Char, .. s_formatted, CT.Binary];
    private static readonly CT[] s_realAffinity = [CT.Single, CT.Double, .. s_formatted, CT.Binary];
    private static readonly CT[] s_strictText = [CT.Decimal, CT.String, CT.Char, .. s_formatted];
    private static readonly CT[] s_everything = Enum.GetValues<CT>();

    private const string Schema =
        """
        CREATE TABLE orders (
            tenant INTEGER NOT NULL,
            id INT NOT NULL,
            code VARCHAR(20) NOT NULL,
            email TEXT,
            status TEXT NOT NULL DEFAULT 'new',
            amount DECIMAL(10,2) DEFAULT 0,
            doubled REAL GENERATED ALWAYS AS (amount * 2) VIRTUAL,
            created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
            payload,
            PRIMARY KEY (tenant, id),
            CONSTRAINT orders_code UNIQUE (code));
        CREATE UNIQUE INDEX orders_active_email ON orders (email) WHERE status <> 'closed';
        CREATE UNIQUE INDEX orders_lower_code ON orders (lower(code));
        CREATE INDEX orders_status ON orders (status);
        CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, score REAL);
        CREATE TABLE readings (sensor TEXT NOT NULL, at INTEGER, value REAL, PRIMARY KEY (sensor, at)) WITHOUT ROWID;
        CREATE TABLE strict_rows (id INTEGER PRIMARY KEY, n INT, t TEXT, anything ANY) STRICT;
        CREATE VIEW order_codes AS SELECT code FROM orders;
        """;

    private readonly TestDatabase _database = new();

    public SqliteSchemaTests() => _database.Execute(Schema);

    public void Dispose() => _database.Dispose();

    private static SchemaColumn Column(string name, string type, bool nullable, CT[] accepts, string? defaultValue = null, bool generated = false, SchemaIdentity identity = SchemaIdentity.None) =>
        new(name, type, nullable, defaultValue, generated, identity, accepts);

    private static readonly SchemaTable s_orders = new(
        "orders",
        [
            Column("tenant", "INTEGER", nullable: false, s_integerAffinity),
            Column("id", "INT", nullable: false, s_integerAffinity),
            Column("code", "VARCHAR(20)", nullable: false, s_textAffinity),
            Column("email", "TEXT", nullable: true, s_textAffinity),
            Column("status", "TEXT", nullable: false, s_textAffinity, defaultValue: "'new'"),
            Column("amount", "DECIMAL(10,2)", nullable: true, s_integerAffinity, defaultValue: "0"),
            Column("doubled", "REAL", nullable: true, s_realAffinity, generated: true),
            Column("created_at", "DATETIME", nullable: false, s_integerAffinity, defaultValue: "CURRENT_TIMESTAMP"),
            Column("payload", "", nullable: true, s_everything),
        ],
        [
            new SchemaIndex("sqlite_autoindex_orders_1", ["tenant", "id"], IsPrimaryKey: true),
            new SchemaIndex("orders_active_email", ["email"], IsPrimaryKey: false, IsPartial: true),
            new SchemaIndex("sqlite_autoindex_orders_2", ["code"], IsPrimaryKey: false),
        ]);

    [Fact]
    public async Task Every_table_of_main_reads_back_with_its_columns_keys_and_unique_indexes()
    {
        using var connection = _database.Open();
        var snapshot = await SqliteSchema.ReadAsync(connection);

        Assert.Equal("sqlite", snapshot.Provider);
        Assert.Equal(_database.Scalar<string>("SELECT sqlite_version()"), snapshot.ServerVersion);

        // By name; not the view, not sqlite_sequence (AUTOINCREMENT's own table).
        Assert.Equal(["events", "orders", "readings", "strict_rows"], snapshot.Tables.Select(t => t.Name));
        SchemaAssert.Table(s_orders, snapshot.Tables[1]);
        SchemaAssert.Table(
            new SchemaTable(
                "events",
                [
                    Column("id", "INTEGER", nullable: false, s_integers, identity: SchemaIdentity.ByDefault),
                    Column("name", "TEXT", nullable: false, s_textAffinity),
                    Column("score", "REAL", nullable: true, s_realAffinity),
                ],
                [new SchemaIndex("rowid", ["id"], IsPrimaryKey: true)]),
            snapshot.Tables[0]);
        SchemaAssert.Table(
            new SchemaTable(
                "readings",
                [
                    Column("sensor", "TEXT", nullable: false, s_textAffinity),
                    Column("at", "INTEGER", nullable: false, s_integerAffinity),
                    Column("value", "REAL", nullable: true, s_realAffinity),
                ],
                [new SchemaIndex("sqlite_autoindex_readings_1", ["sensor", "at"], IsPrimaryKey: true)]),
            snapshot.Tables[2]);
        SchemaAssert.Table(
            new SchemaTable(
                "strict_rows",
                [
                    Column("id", "INTEGER", nullable: false, s_integers, identity: SchemaIdentity.ByDefault),
                    Column("n", "INT", nullable: true, s_integers),
                    Column("t", "TEXT", nullable: true, s_strictText),
                    Column("anything", "ANY", nullable: true, s_everything),
                ],
                [new SchemaIndex("rowid", ["id"], IsPrimaryKey: true)]),
            snapshot.Tables[3]);
    }

    [Fact]
    public async Task A_few_columns_accept_exactly_the_member_types_their_affinity_keeps()
    {
        using var connection = _database.Open();
        var orders = Assert.Single((await SqliteSchema.ReadAsync(connection, ["orders"])).Tables);
        Assert.Equal(
            [CT.Decimal, CT.String, CT.Char, CT.Guid, CT.DateTime, CT.DateTimeOffset, CT.DateOnly, CT.TimeOnly, CT.TimeSpan, CT.Binary],
            orders.Columns.Single(c => c.Name == "email").Accepts);

        // DECIMAL(10,2) is NUMERIC affinity: "1.0" and 3.0 would be stored as the integer 1 and 3, so neither decimal,
        // string nor double is accepted; the formatted Guid and date texts never read as numbers.
        Assert.Equal(
            [CT.Boolean, CT.Byte, CT.SByte, CT.Int16, CT.UInt16, CT.Int32, CT.UInt32, CT.Int64, CT.UInt64,
             CT.Guid, CT.DateTime, CT.DateTimeOffset, CT.DateOnly, CT.TimeOnly, CT.TimeSpan, CT.Binary],
            orders.Columns.Single(c => c.Name == "amount").Accepts);
        Assert.DoesNotContain(CT.Double, orders.Columns.Single(c => c.Name == "created_at").Accepts);
    }

    [Fact]
    public async Task Named_tables_are_found_without_case_and_a_missing_one_is_absent()
    {
        using var connection = _database.Open();
        var snapshot = await SqliteSchema.ReadAsync(connection, ["ORDERS", "no_such_table", "order_codes"]);
        SchemaAssert.Table(s_orders, Assert.Single(snapshot.Tables));
        Assert.Empty((await SqliteSchema.ReadAsync(connection, [])).Tables);
    }

    [Fact]
    public async Task A_dropped_index_and_an_added_column_show_in_the_next_read()
    {
        using var connection = _database.Open();
        var before = Assert.Single((await SqliteSchema.ReadAsync(connection, ["orders"])).Tables);
        TestDatabase.Execute(connection, "DROP INDEX orders_active_email; ALTER TABLE orders ADD COLUMN note TEXT NOT NULL DEFAULT 'none'");
        var after = Assert.Single((await SqliteSchema.ReadAsync(connection, ["orders"])).Tables);

        Assert.Equal(before.Columns.Append(Column("note", "TEXT", nullable: false, s_textAffinity, defaultValue: "'none'")), after.Columns);
        Assert.Equal(before.Indexes.Where(i => i.Name != "orders_active_email"), after.Indexes);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => SqliteSchema.ReadAsync(null!));
        using var closed = new SqliteConnection(_database.ConnectionString);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteSchema.ReadAsync(closed));
        using var connection = _database.Open();
        await Assert.ThrowsAsync<ArgumentException>(() => SqliteSchema.ReadAsync(connection, [""]));
    }
}
