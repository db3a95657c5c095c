using System.Globalization;
using Microsoft.Data.Sqlite;
using WebApi;

namespace BatchFlow.WebApi.Tests;

/// <summary>The sample on its default store: a SQLite file of the test's own, read back by the test with its own connection.</summary>
public sealed class SqliteOrdersApiTests : OrdersApiTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "batchflow-webapi-tests", Guid.NewGuid().ToString("N"));

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "orders.db") }.ToString();

    protected override string? Unavailable => null;

    // An empty Postgres connection string keeps the sample on SQLite whatever the environment says.
    protected override IReadOnlyDictionary<string, string?> StoreSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Sqlite"] = ConnectionString,
        ["ConnectionStrings:Postgres"] = "",
    };

    protected override string DuplicateKeyMessage => "UNIQUE constraint failed: orders.id";

    protected override string CheckMessage => $"CHECK constraint failed: {OrderStore.QuantityConstraint}";

    protected override bool NamesConstraints => false;

    protected override Task PrepareAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override Task CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a failed test): the temporary folder is cleaned by the system.
        }

        return Task.CompletedTask;
    }

    protected override async Task<Order?> ReadBackAsync(long id)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "customer", "product", "quantity", "placed_at" FROM "orders" WHERE "id" = $id""";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var placedAt = DateTime.ParseExact(reader.GetString(3), "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new Order(id, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), placedAt);
    }

    protected override async Task<long> CountAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT count(*) FROM "orders" """;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    protected override async Task InsertAsync(Order order)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """INSERT INTO "orders" ("id", "customer", "product", "quantity", "placed_at") VALUES ($id, $customer, $product, $quantity, $placed_at)""";
        command.Parameters.AddWithValue("$id", order.Id);
        command.Parameters.AddWithValue("$customer", order.Customer);
        command.Parameters.AddWithValue("$product", order.Product);
        command.Parameters.AddWithValue("$quantity", order.Quantity);
        command.Parameters.AddWithValue("$placed_at", order.PlacedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
