namespace BatchFlow.Benchmarks.Rows;

/// <summary>
/// The row every end-to-end and core suite writes: the four columns of MEASUREMENTS.md's <c>users</c> table.
/// The generator emits <c>UserRowFlow</c> from it, as it would in a user's project.
/// </summary>
[BatchTable("users")]
public sealed partial record UserRow([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);

/// <summary>Deterministic rows, built before measuring so that every path under comparison reads the same objects.</summary>
public static class UserRows
{
    private static readonly DateTime s_start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows with ids 1..<paramref name="count"/>; every tenth has no email, as in the QuickStart sample.</summary>
    public static UserRow[] Create(int count)
    {
        var rows = new UserRow[count];
        for (var i = 0; i < count; i++)
        {
            var id = i + 1L;
            rows[i] = new UserRow(id, $"user {id}", id % 10 == 0 ? null : $"user{id}@example.com", s_start.AddMilliseconds(id * 1_234.5));
        }

        return rows;
    }
}
