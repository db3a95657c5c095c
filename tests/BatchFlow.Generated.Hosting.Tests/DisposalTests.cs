using Microsoft.Extensions.DependencyInjection;

namespace BatchFlow.Hosting.Tests;

/// <summary>Containers disposed without a host: synchronously, with a failing flow beside a good one.</summary>
public sealed class DisposalTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void A_synchronous_dispose_of_a_container_completes_its_flows_and_stores_their_rows()
    {
        var services = new ServiceCollection();
        services.AddBatchFlow((_, options) => ScoreFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        services.AddBatchFlow((_, options) => EventFlow.Sqlite(_database.ConnectionString, options)).Configure(TestHost.HoldRows);
        var provider = services.BuildServiceProvider();
        var scores = provider.GetRequiredService<ScoreFlow>();
        var events = provider.GetRequiredService<EventFlow>();
        foreach (var row in Rows.BadScores(10))
        {
            Assert.True(scores.TrySubmit(row));
        }

        foreach (var row in Rows.Events(3_000))
        {
            Assert.True(events.TrySubmit(row));
        }

        provider.Dispose();

        Assert.Equal(3_000, _database.Count("events"));
        Assert.True(events.Completion.IsCompletedSuccessfully);
        Assert.True(scores.Completion.IsFaulted);
    }
}
