using Npgsql;
using WebApi;

namespace BatchFlow.WebApi.Tests;

/// <summary>
/// The sample on PostgreSQL (<c>ConnectionStrings:Postgres</c>), on the server of BATCHFLOW_POSTGRES (eng/postgres.sh
/// exports it; eng/test.sh always does): a schema of the test's own, which the app's connections search, dropped after
/// it. Without the variable the tests report Skipped.
/// </summary>
public sealed class PostgresOrdersApiTests : OrdersApiTests
{
    private const string Variable = "BATCHFLOW_POSTGRES";
    private static readonly string? s_server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
    private readonly string _schema = $"webapi_{Guid.NewGuid():N}"[..20];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(s_server) { SearchPath = _schema }.ConnectionString;

    protected override string? Unavailable =>
        s_server is null ? $"{Variable} is not set: `source eng/postgres.sh` starts a server and exports it." : null;

    protected override IReadOnlyDictionary<string, string?> StoreSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Postgres"] = ConnectionString,
    };

    protected override string DuplicateKeyMessage => "duplicate key value violates unique constraint \"orders_pkey\"";

    protected override string CheckMessage => $"violates check constraint \"{OrderStore.QuantityConstraint}\"";

    protected override bool NamesConstraints => true;

    protected override Task PrepareAsync() => ExecuteAsync(s_server!, $"CREATE SCHEMA {Quote(_schema)}");

    protected override Task CleanUpAsync() => ExecuteAsync(s_server!, $"DROP SCHEMA IF EXISTS {Quote(_schema)} CASCADE");

    protected override async Task<Order?> ReadBackAsync(long id)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "customer", "product", "quantity", "placed_at" FROM "orders" WHERE "id" = $1""", connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new Order(id, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTime>(3))
            : null;
    }

    protected override async Task<long> CountAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "orders" """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task InsertAsync(Order order)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """INSERT INTO "orders" ("id", "customer", "product", "quantity", "placed_at") VALUES ($1, $2, $3, $4, $5)""",
            connection);
        command.Parameters.AddWithValue(order.Id);
        command.Parameters.AddWithValue(order.Customer);
        command.Parameters.AddWithValue(order.Product);
        command.Parameters.AddWithValue(order.Quantity);
        command.Parameters.AddWithValue(order.PlacedAt);
        await command.ExecuteNonQueryAsync();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
