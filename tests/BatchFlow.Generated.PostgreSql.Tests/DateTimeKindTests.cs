using BatchFlow.PostgreSql.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

public sealed class DateTimeKindTests
{
    private static readonly DateTime s_wallClock = new(2024, 1, 2, 10, 30, 0);

    [Theory]
    [InlineData("timestamp", DateTimeKind.Utc, "Kind=UTC", "timestamp without time zone")]
    [InlineData("timestamptz", DateTimeKind.Unspecified, "Kind=Unspecified", "timestamp with time zone")]
    [InlineData("timestamptz", DateTimeKind.Local, "Kind=Local", "timestamp with time zone")]
    public async Task A_DateTime_whose_Kind_does_not_fit_the_column_fails_alone_with_a_clear_error(string columnType, DateTimeKind badKind, string kindText, string typeText)
    {
        await using var table = await TestTable.CreateAsync(EventFlow.Table.Name, $"id bigint PRIMARY KEY, at {columnType} NOT NULL");
        var goodKind = columnType == "timestamptz" ? DateTimeKind.Utc : DateTimeKind.Unspecified;
        var log = new FailureLog<Event>();
        await using (var flow = EventFlow.Postgres(table.DataSource, log.Options(flushSize: 100)))
        {
            for (var id = 1; id <= 100; id++)
            {
                await flow.SubmitAsync(new Event(id, DateTime.SpecifyKind(s_wallClock.AddMinutes(id), id == 42 ? badKind : goodKind)));
            }
        }

        var failure = Assert.Single(log.Failures);
        Assert.Equal(42, Assert.Single(failure.Rows).Id);
        Assert.Equal(1, failure.Attempts);
        var error = Assert.IsType<ArgumentException>(failure.Exception);
        Assert.Contains(kindText, error.Message, StringComparison.Ordinal);
        Assert.Contains(typeText, error.Message, StringComparison.Ordinal);
        Assert.Equal(99L, await table.ScalarAsync<long>($"SELECT count(*) FROM {table.Quoted}"));
    }

    [Theory]
    [InlineData("timestamp", DateTimeKind.Unspecified)]
    [InlineData("timestamp", DateTimeKind.Local)]
    [InlineData("timestamptz", DateTimeKind.Utc)]
    public async Task A_DateTime_that_fits_its_column_is_stored_without_shifting_whatever_the_session_time_zone(string columnType, DateTimeKind kind)
    {
        await using var table = await TestTable.CreateAsync(UpdateEventFlow.Table.Name, $"id bigint PRIMARY KEY, at {columnType} NOT NULL");
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(table.ConnectionString) { Timezone = "Asia/Kolkata" }.ConnectionString);
        await using var kolkata = builder.Build();
        await using (var flow = UpdateEventFlow.Postgres(kolkata))
        {
            await flow.SubmitAsync(new UpdateEvent(1, DateTime.SpecifyKind(s_wallClock, kind)));
        }

        // timestamp keeps the wall clock as written; timestamptz keeps the UTC instant.
        var text = columnType == "timestamptz" ? "(at AT TIME ZONE 'UTC')::text" : "at::text";
        Assert.Equal("2024-01-02 10:30:00", await table.ScalarAsync<string>($"SELECT {text} FROM {table.Quoted}"));
    }
}
