using BatchFlow.Sinks;

namespace BatchFlow.Tests.Sinks;

public sealed class ExceptionChainTests
{
    [Fact]
    public void Inner_exceptions_are_searched_at_any_depth()
    {
        var error = new InvalidOperationException("outer", new IOException("middle", new TimeoutException("inner")));

        Assert.True(ExceptionChain.Any(error, e => e is TimeoutException));
        Assert.IsType<TimeoutException>(ExceptionChain.Find<TimeoutException>(error));
        Assert.False(ExceptionChain.Any(error, e => e is ArgumentException));
        Assert.Null(ExceptionChain.Find<ArgumentException>(error));
    }

    [Fact]
    public void Every_exception_of_an_aggregate_is_searched()
    {
        var error = new AggregateException(new InvalidOperationException("first"), new Exception("second", new TimeoutException("deep")));

        Assert.True(ExceptionChain.Any(error, e => e is TimeoutException));
        Assert.Equal("first", ExceptionChain.Find<InvalidOperationException>(error)!.Message);
    }

    [Fact]
    public void The_exception_itself_counts()
    {
        var error = new TimeoutException();

        Assert.Same(error, ExceptionChain.Find<TimeoutException>(error));
    }
}
