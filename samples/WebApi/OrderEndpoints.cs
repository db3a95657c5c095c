using System.Globalization;
using BatchFlow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WebApi;

/// <summary>
/// <c>POST /orders</c> answers only once the database has the order, or has refused it, and says which;
/// <c>GET /orders/{id}</c> reads it back with a plain query.
/// </summary>
public static partial class OrderEndpoints
{
    /// <summary>Maps the two endpoints.</summary>
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/orders", PlaceAsync);
        routes.MapGet("/orders/{id:long}", FindAsync);
        return routes;
    }

    /// <summary>
    /// Submits the order and waits for its batch: 201 once it is committed, 409 when the database refused it (its
    /// primary key or CHECK constraint; the rest of the batch is committed), 503 when the service is shutting down,
    /// and nothing at all when the client went away while it waited.
    /// </summary>
    private static async Task<IResult> PlaceAsync(
        NewOrder order,
        OrderFlow orders,
        OrderStore store,
        TimeProvider clock,
        ILogger<Order> logger,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(order.Customer))
        {
            errors["customer"] = ["A customer is required."];
        }

        if (string.IsNullOrWhiteSpace(order.Product))
        {
            errors["product"] = ["A product is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // The quantity is left to the database's CHECK constraint, so that the sample shows a refused row.
        var row = new Order(order.Id, order.Customer, order.Product, order.Quantity, clock.GetUtcNow().UtcDateTime);
        try
        {
            // Waits for room in the queue like SubmitAsync, then for the commit of the batch that holds the row.
            await orders.SubmitAndWaitAsync(row, cancellationToken);
        }
        catch (BatchDeliveryException refused) when (store.IsConstraintViolation(refused.InnerException, out var constraint))
        {
            // A sample shows the database's own words; a public service may prefer to keep them in its log.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The database refused the order.",
                detail: refused.InnerException!.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["provider"] = refused.ProviderName,
                    ["table"] = refused.TableName,
                    ["constraint"] = constraint,
                });
        }
        catch (BatchDeliveryException late) when (late.InnerException is BatchFlowDeadlineException)
        {
            // The host stopped before the order's batch could be written: the client may try again elsewhere.
            return ShuttingDown();
        }
        catch (BatchDeliveryException failed)
        {
            // Transient errors outlasted every retry, or another error: logged here, not shown to the client.
            Log.NotStored(logger, failed, row.Id, failed.Attempts);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The order could not be stored.");
        }
        catch (BatchFlowCompletedException)
        {
            return ShuttingDown();
        }
        catch (BatchSubmitCanceledException abandoned) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away. An order accepted before that is still written; nobody is left to tell.
            var accepted = abandoned.Accepted > 0;
            Log.Abandoned(logger, row.Id, accepted);
            return Results.Empty;
        }

        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/orders/{row.Id}"), row);
    }

    /// <summary>Reads the order straight from the database (not from the flow).</summary>
    private static async Task<IResult> FindAsync(long id, OrderStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();

    private static ProblemHttpResult ShuttingDown() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The service is shutting down; try again.");

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Order {Id} was not stored after {Attempts} attempts.")]
        public static partial void NotStored(ILogger logger, Exception exception, long id, int attempts);

        [LoggerMessage(Level = LogLevel.Information, Message = "The client of order {Id} went away while it waited (accepted, still written: {Accepted}).")]
        public static partial void Abandoned(ILogger logger, long id, bool accepted);
    }
}
