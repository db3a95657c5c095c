using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BatchFlow.WebApi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WebApi;

namespace BatchFlow.WebApi.Tests;

/// <summary>
/// The sample's contract, against each database it can use (the classes deriving from this one): POST /orders answers
/// 201 only once the order's batch is committed, 409 with the database's message when a constraint refused the order
/// (the rest of its batch still answers 201), 503 once the flow is completed; concurrent requests share batches; a
/// client that goes away leaves an accepted order to be written. Each test starts its own app on an empty table;
/// the app's clock is fake, so only a full batch (FlushSize) is written and each test says which requests share one.
/// </summary>
public abstract class OrdersApiTests : IAsyncLifetime
{
    private readonly List<OrdersApp> _apps = [];

    /// <summary>Why the database cannot be reached in this run (the tests are then skipped), or null.</summary>
    protected abstract string? Unavailable { get; }

    /// <summary>The settings that point the app at the test's database.</summary>
    protected abstract IReadOnlyDictionary<string, string?> StoreSettings { get; }

    /// <summary>A fragment of the database's message for a duplicate primary key of <c>orders</c>.</summary>
    protected abstract string DuplicateKeyMessage { get; }

    /// <summary>A fragment of the database's message for a failed CHECK on <c>quantity</c>.</summary>
    protected abstract string CheckMessage { get; }

    /// <summary>Whether the database names a violated constraint apart from its message (the problem's <c>constraint</c>).</summary>
    protected abstract bool NamesConstraints { get; }

    /// <summary>Creates the empty database the app will create its table in.</summary>
    protected abstract Task PrepareAsync();

    /// <summary>Removes the database.</summary>
    protected abstract Task CleanUpAsync();

    /// <summary>Reads one order with a connection of the test's own, or null.</summary>
    protected abstract Task<Order?> ReadBackAsync(long id);

    /// <summary>Counts the stored orders with a connection of the test's own.</summary>
    protected abstract Task<long> CountAsync();

    /// <summary>Stores an order with a connection of the test's own, around the app.</summary>
    protected abstract Task InsertAsync(Order order);

    public async Task InitializeAsync()
    {
        if (Unavailable is null)
        {
            await PrepareAsync();
        }
    }

    public async Task DisposeAsync()
    {
        // Stopping an app completes its flow: everything it accepted is written before the database goes.
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (Unavailable is null)
        {
            await CleanUpAsync();
        }
    }

    [SkippableFact]
    public async Task A_POST_answers_201_only_once_its_batch_is_committed_and_the_order_is_then_in_the_database()
    {
        var app = Start(flushSize: 2);
        var client = app.CreateClient();
        var placedAt = app.Clock.GetUtcNow().UtcDateTime;

        // Alone, the first order's batch is not full: the flow holds the row, and the request waits. Whenever its
        // answer comes, the test reads the database at once: an answer before the commit would find nothing.
        var first = PostAsync(client, new NewOrder(1, "ann", "tea", 2));
        var readAtAnswer = first.ContinueWith(_ => ReadBackAsync(1), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        await Wait.UntilAsync(() => app.Flow.GetStatus().Accepted == 1, "the first order accepted by the flow");
        Assert.False(first.IsCompleted, "POST answered before its order's batch was written.");
        Assert.Null(await ReadBackAsync(1));

        // The second order fills the batch: one commit, then both answers.
        var second = await PostAsync(client, new NewOrder(2, "bob", "coffee", 1));
        var answered = await first;

        var expected = new Order(1, "ann", "tea", 2, placedAt);
        Assert.Equal(expected, await readAtAnswer);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal("/orders/1", answered.Headers.Location?.OriginalString);
        Assert.Equal(expected, await answered.Content.ReadFromJsonAsync<Order>());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("/orders/2", second.Headers.Location?.OriginalString);

        // Read by the test itself, then through the app's GET, which queries the database.
        Assert.Equal(expected, await ReadBackAsync(1));
        Assert.Equal(new Order(2, "bob", "coffee", 1, placedAt), await ReadBackAsync(2));
        Assert.Equal(expected, await client.GetFromJsonAsync<Order>("/orders/1"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/orders/3", UriKind.Relative))).StatusCode);
    }

    [SkippableFact]
    public async Task A_duplicate_id_and_a_failed_CHECK_answer_409_with_the_databases_message_while_the_rest_of_their_batch_answers_201()
    {
        var app = Start(flushSize: 52);
        var client = app.CreateClient();
        using var batches = BatchSizes(app);
        var stored = new Order(7, "first", "tea", 1, new DateTime(2025, 12, 31, 0, 0, 0, DateTimeKind.Utc));
        await InsertAsync(stored);

        // One batch of 52: an id the table holds already, a quantity the CHECK refuses, 50 good orders.
        var duplicate = PostAsync(client, new NewOrder(7, "second", "coffee", 1));
        var refused = PostAsync(client, new NewOrder(8, "carl", "cake", 0));
        var good = Enumerable.Range(100, 50).Select(id => PostAsync(client, new NewOrder(id, "c" + id, "water", 3))).ToArray();
        var answers = await Task.WhenAll(good);

        var conflict = await ProblemAsync(await duplicate, HttpStatusCode.Conflict);
        Assert.Contains(DuplicateKeyMessage, Text(conflict, "detail"), StringComparison.Ordinal);
        Assert.Equal(NamesConstraints ? "orders_pkey" : null, Text(conflict, "constraint"));
        Assert.Equal("orders", Text(conflict, "table"));
        var check = await ProblemAsync(await refused, HttpStatusCode.Conflict);
        Assert.Contains(CheckMessage, Text(check, "detail"), StringComparison.Ordinal);
        Assert.Equal(NamesConstraints ? OrderStore.QuantityConstraint : null, Text(check, "constraint"));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        Assert.Equal([52], batches.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(51, await CountAsync());
        Assert.Equal(stored, await ReadBackAsync(7));
        Assert.Null(await ReadBackAsync(8));
        foreach (var id in Enumerable.Range(100, 50))
        {
            Assert.Equal("c" + id, (await ReadBackAsync(id))?.Customer);
        }
    }

    [SkippableFact]
    public async Task Two_hundred_concurrent_POSTs_all_answer_201_from_a_few_shared_commits()
    {
        var app = Start(flushSize: 50);
        var client = app.CreateClient();
        using var batches = BatchSizes(app);

        var answers = await Task.WhenAll(Enumerable.Range(1, 200).Select(id => PostAsync(client, new NewOrder(id, "c" + id, "tea", 1))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(200, await CountAsync());

        // Nothing but a full batch starts a write here: 200 requests are 4 commits of 50, not 200 commits of 1.
        Assert.Equal([50, 50, 50, 50], batches.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [SkippableFact]
    public async Task A_client_that_goes_away_after_its_order_was_accepted_gets_no_answer_and_the_order_is_written_all_the_same()
    {
        var app = Start(flushSize: 2);
        var client = app.CreateClient();
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var active = new MetricCollector<long>(meters, "Microsoft.AspNetCore.Hosting", "http.server.active_requests");
        using var leave = new CancellationTokenSource();

        var abandoned = PostAsync(client, new NewOrder(1, "ann", "tea", 2), leave.Token);
        await Wait.UntilAsync(() => app.Flow.GetStatus().Accepted == 1, "the order accepted by the flow");
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Wait.UntilAsync(
            () => active.GetMeasurementSnapshot() is { Count: > 0 } seen && seen.Sum(m => m.Value) == 0,
            "the abandoned request's handler ended");
        Assert.Null(await ReadBackAsync(1));

        // The next order fills the batch that still holds the first one.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, new NewOrder(2, "bob", "coffee", 1))).StatusCode);
        Assert.Equal("ann", (await ReadBackAsync(1))?.Customer);
        Assert.Equal(2, await CountAsync());
    }

    [SkippableFact]
    public async Task A_POST_after_the_flow_completed_answers_503()
    {
        var app = Start(flushSize: 1);
        var client = app.CreateClient();
        await app.Flow.CompleteAsync();

        var problem = await ProblemAsync(await PostAsync(client, new NewOrder(1, "ann", "tea", 2)), HttpStatusCode.ServiceUnavailable);

        Assert.Contains("shutting down", Text(problem, "title"), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    /// <summary>Starts an app on the test's database whose batches hold <paramref name="flushSize"/> rows.</summary>
    private OrdersApp Start(int flushSize)
    {
        Skip.If(Unavailable is not null, Unavailable);
        var settings = new Dictionary<string, string?>(StoreSettings)
        {
            ["BatchFlow:Orders:FlushSize"] = flushSize.ToString(CultureInfo.InvariantCulture),
        };
        var app = new OrdersApp(settings);
        _apps.Add(app);
        return app;
    }

    private static MetricCollector<int> BatchSizes(OrdersApp app) =>
        new(app.Services.GetRequiredService<IMeterFactory>(), BatchFlowTelemetry.Name, BatchFlowTelemetry.BatchSize);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, NewOrder order, CancellationToken cancellationToken = default) =>
        client.PostAsJsonAsync("/orders", order, cancellationToken);

    /// <summary>A string member of a problem, or null when it is absent or null.</summary>
    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.Clone();
    }
}
