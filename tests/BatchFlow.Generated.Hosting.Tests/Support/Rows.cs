namespace BatchFlow.Hosting.Tests;

/// <summary>Rows that SQLite stores (table <c>events</c>, see <see cref="SqliteFile"/>).</summary>
[BatchTable("events")]
public partial record Event([BatchKey] long Id, string Name);

/// <summary>Rows whose table refuses negative points with a CHECK constraint: a negative row fails for good.</summary>
[BatchTable("scores")]
public partial record Score([BatchKey] long Id, int Points);

public static class Rows
{
    public static IEnumerable<Event> Events(int count, int start = 1) =>
        Enumerable.Range(start, count).Select(i => new Event(i, "event " + i));

    /// <summary>Scores that all violate the table's CHECK constraint.</summary>
    public static IEnumerable<Score> BadScores(int count) =>
        Enumerable.Range(1, count).Select(i => new Score(i, -i));
}
