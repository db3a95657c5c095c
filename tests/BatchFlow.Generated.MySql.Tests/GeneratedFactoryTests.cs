using BatchFlow.MySql.Tests.Support;
using MySqlConnector;

namespace BatchFlow.MySql.Tests;

public sealed class GeneratedFactoryTests
{
    [Fact]
    public async Task The_generated_MySql_factory_writes_through_a_data_source_it_does_not_own()
    {
        await using var schema = await TestSchema.CreateAsync("CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(20) NOT NULL, score INT NOT NULL)");
        await using (var flow = UpsertAccountFlow.MySql(schema.DataSource))
        {
            for (var id = 1; id <= 2_500; id++)
            {
                await flow.SubmitAsync(new UpsertAccount(id, "a", id));
            }

            await flow.FlushAsync();
            await flow.SubmitAsync(new UpsertAccount(7, "b", -7));
        }

        // Still usable after the flow: the flow did not dispose it.
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        await using var command = new MySqlCommand("SELECT COUNT(*), SUM(score), (SELECT name FROM accounts WHERE id = 7) FROM accounts", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((2_500L, (2_500m * 2_501 / 2) - 14, "b"), (reader.GetInt64(0), reader.GetDecimal(1), reader.GetString(2)));
    }

    [Fact]
    public async Task The_provider_name_is_mysql_and_its_defaults_are_10_000_rows_100_ms_and_2_writes()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.ConnectionString);
        await using var sink = new MySqlBatchSink<Account>(dataSource, AccountFlow.Table);
        Assert.Equal("mysql", sink.Provider);
        Assert.Equal(new BatchSinkDefaults(10_000, TimeSpan.FromMilliseconds(100), 2), sink.Defaults);
    }
}
