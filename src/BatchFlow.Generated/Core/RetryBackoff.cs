namespace BatchFlow;

/// <summary>Exponential backoff with jitter: attempt n waits about base × 2^(n-1), capped, half of it random.</summary>
internal static class RetryBackoff
{
    /// <param name="retry">1 for the first retry.</param>
    /// <param name="baseDelay">The delay before the first retry.</param>
    /// <param name="maxDelay">The cap.</param>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(retry - 1, 30);
        var ceiling = Math.Min(baseDelay.Ticks * (1L << exponent), maxDelay.Ticks);
        if (ceiling <= 0)
        {
            ceiling = maxDelay.Ticks;
        }

        // "Equal jitter": keeps a floor of half the delay so retries stay spread out, and desynchronises
        // concurrent writers that failed together (e.g. after a connection drop).
        var half = ceiling / 2;
        return TimeSpan.FromTicks(half + (long)(Random.Shared.NextDouble() * (ceiling - half)));
    }
}
