using BatchFlow;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WebApi;

/// <summary>
/// Where the orders live: the table (created at startup), the flow that writes it, a plain ADO.NET read of one order,
/// and how to tell the database's constraint violations from its other errors. SQLite (a file under the content root)
/// unless <c>ConnectionStrings:Postgres</c> is set.
/// </summary>
public abstract class OrderStore : IAsyncDisposable
{
    /// <summary>The name of the CHECK constraint on <c>quantity</c>, in both databases.</summary>
    public const string QuantityConstraint = "orders_quantity_positive";

    /// <summary>The database this store writes to, for logs and problem details.</summary>
    public abstract string Provider { get; }

    /// <summary>Picks the store the configuration asks for.</summary>
    public static OrderStore Create(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres)
        {
            return new PostgresOrderStore(postgres);
        }

        var sqlite = configuration.GetConnectionString("Sqlite") is { Length: > 0 } configured
            ? configured
            : new SqliteConnectionStringBuilder { DataSource = Path.Combine(environment.ContentRootPath, "orders.db") }.ToString();
        return new SqliteOrderStore(sqlite);
    }

    /// <summary>Creates the <c>orders</c> table when it does not exist.</summary>
    public abstract Task CreateTableAsync(CancellationToken cancellationToken);

    /// <summary>The flow that writes orders into this store.</summary>
    public abstract OrderFlow CreateFlow(BatchFlowOptions options);

    /// <summary>Reads one order straight from the database, or null when there is none with that id.</summary>
    public abstract Task<Order?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="error"/> (the database's own exception, a <see cref="BatchDeliveryException"/>'s inner
    /// one) is a constraint violation: a duplicate key, a CHECK, a NOT NULL. <paramref name="constraint"/> is the
    /// constraint's name when the database says it apart from its message.
    /// </summary>
    public abstract bool IsConstraintViolation(Exception? error, out string? constraint);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The embedded default: a SQLite file in WAL mode, so that reads go on while the flow writes.</summary>
public sealed class SqliteOrderStore(string connectionString) : OrderStore
{
    // SQLITE_CONSTRAINT: the primary result code of every constraint violation (UNIQUE, CHECK, NOT NULL, ...).
    private const int SqliteConstraint = 19;

    /// <summary>The connection string of the file.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <inheritdoc />
    public override string Provider => "sqlite";

    /// <inheritdoc />
    public override async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS "orders" (
                "id" INTEGER PRIMARY KEY,
                "customer" TEXT NOT NULL,
                "product" TEXT NOT NULL,
                "quantity" INTEGER NOT NULL CONSTRAINT "{QuantityConstraint}" CHECK ("quantity" > 0),
                "placed_at" TEXT NOT NULL);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override OrderFlow CreateFlow(BatchFlowOptions options) => OrderFlow.Sqlite(ConnectionString, options);

    /// <inheritdoc />
    public override async Task<Order?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "id", "customer", "product", "quantity", "placed_at" FROM "orders" WHERE "id" = $id""";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // The flow stores a DateTime as text without its kind; the sample writes UTC only.
        var placedAt = DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc);
        return new Order(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), placedAt);
    }

    /// <inheritdoc />
    public override bool IsConstraintViolation(Exception? error, out string? constraint)
    {
        // SQLite names the constraint only inside its message ("UNIQUE constraint failed: orders.id").
        constraint = null;
        return error is SqliteException { SqliteErrorCode: SqliteConstraint };
    }
}

/// <summary>PostgreSQL through one <see cref="NpgsqlDataSource"/>, shared by the flow and the reads.</summary>
public sealed class PostgresOrderStore(string connectionString) : OrderStore
{
    // SQLSTATE class 23: integrity constraint violation (unique_violation 23505, check_violation 23514, ...).
    private const string IntegrityConstraintViolationClass = "23";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    public override string Provider => "postgresql";

    /// <inheritdoc />
    public override async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS "orders" (
                "id" bigint PRIMARY KEY,
                "customer" text NOT NULL,
                "product" text NOT NULL,
                "quantity" integer NOT NULL CONSTRAINT "{QuantityConstraint}" CHECK ("quantity" > 0),
                "placed_at" timestamptz NOT NULL)
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override OrderFlow CreateFlow(BatchFlowOptions options) => OrderFlow.Postgres(_dataSource, options);

    /// <inheritdoc />
    public override async Task<Order?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""SELECT "id", "customer", "product", "quantity", "placed_at" FROM "orders" WHERE "id" = $1""");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Order(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetFieldValue<DateTime>(4));
    }

    /// <inheritdoc />
    public override bool IsConstraintViolation(Exception? error, out string? constraint)
    {
        if (error is PostgresException postgres && postgres.SqlState.StartsWith(IntegrityConstraintViolationClass, StringComparison.Ordinal))
        {
            constraint = postgres.ConstraintName;
            return true;
        }

        constraint = null;
        return false;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
