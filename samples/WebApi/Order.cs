using BatchFlow;

namespace WebApi;

/// <summary>
/// One row of the <c>orders</c> table; the generator emits <c>OrderFlow</c> from it. The conflict mode is the default,
/// <see cref="Conflict.None"/>: an order whose id is stored already is refused by the database's primary key, and the
/// client hears of it (409) instead of the row being dropped or overwritten.
/// </summary>
[BatchTable("orders")]
public partial record Order([BatchKey] long Id, string Customer, string Product, int Quantity, DateTime PlacedAt);

/// <summary>The body of <c>POST /orders</c>: the order as the client sends it; the server stamps the time.</summary>
public sealed record NewOrder(long Id, string Customer, string Product, int Quantity);
