namespace BatchFlow.Sinks;

/// <summary>
/// Walks an exception and everything inside it: its <see cref="Exception.InnerException"/> chain and every inner
/// exception of an <see cref="AggregateException"/>, depth first. Drivers wrap the error that matters (a socket
/// error inside an I/O error inside the driver's own exception), so a sink's classifier should look at all of it.
/// </summary>
public static class ExceptionChain
{
    // Guards against a cycle or an absurdly deep chain; no real chain comes near it.
    private const int MaxDepth = 64;

    /// <summary>Whether <paramref name="exception"/> or any exception inside it satisfies <paramref name="predicate"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool Any(Exception exception, Func<Exception, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(predicate);
        return Find(exception, predicate, 0) is not null;
    }

    /// <summary>The first exception of type <typeparamref name="TException"/> in the chain (depth first), or null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static TException? Find<TException>(Exception exception)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (TException?)Find(exception, static e => e is TException, 0);
    }

    private static Exception? Find(Exception exception, Func<Exception, bool> predicate, int depth)
    {
        for (var current = exception; current is not null && depth < MaxDepth; current = current.InnerException, depth++)
        {
            if (predicate(current))
            {
                return current;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find(inner, predicate, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }
        }

        return null;
    }
}
