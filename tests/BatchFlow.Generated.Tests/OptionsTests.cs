using BatchFlow.Tests.Support;

namespace BatchFlow.Tests;

public sealed class OptionsTests
{
    public static TheoryData<string, Action<BatchFlowOptions>> InvalidOptions => new()
    {
        { nameof(BatchFlowOptions.Capacity), o => o.Capacity = 0 },
        { nameof(BatchFlowOptions.FlushSize), o => o.FlushSize = 0 },
        { nameof(BatchFlowOptions.LingerTime), o => o.LingerTime = TimeSpan.Zero },
        { nameof(BatchFlowOptions.MaxConcurrentFlushes), o => o.MaxConcurrentFlushes = 0 },
        { nameof(BatchFlowOptions.MaxAttempts), o => o.MaxAttempts = 0 },
        { nameof(BatchFlowOptions.RetryBaseDelay), o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1) },
        { nameof(BatchFlowOptions.RetryMaxDelay), o => { o.RetryBaseDelay = TimeSpan.FromSeconds(2); o.RetryMaxDelay = TimeSpan.FromSeconds(1); } },
        { nameof(BatchFlowOptions.FlushTimeout), o => o.FlushTimeout = TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_out_of_range_option_is_refused_with_its_name(string option, Action<BatchFlowOptions> spoil)
    {
        var options = new BatchFlowOptions();
        spoil(options);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchFlow<Item>(new TestSink(), options));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_typed_for_another_row_type_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new BatchFlow<Item>(new TestSink(), new BatchFlowOptions<string>()));
        Assert.Contains("BatchFlowOptions<Item>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unset_options_take_the_sinks_defaults()
    {
        var sink = new TestSink { Defaults = new BatchSinkDefaults(FlushSize: 3, LingerTime: TimeSpan.FromHours(1), MaxConcurrentFlushes: 1) };
        await using (var flow = new BatchFlow<Item>(sink))
        {
            foreach (var item in Items.Range(1, 7))
            {
                await flow.SubmitAsync(item);
            }
        }

        Assert.Equal([3, 3, 1], sink.Batches.Select(b => b.Length));
    }

    [Theory]
    [InlineData(null, 1_000, 4)]
    [InlineData(4_000, 1_000, 4)]
    [InlineData(4_000, 2_000, 2)]
    [InlineData(4_000, 3_000, 1)]
    [InlineData(4_000, 10_000, 1)]
    [InlineData(4_000, 100, 4)]
    public void A_row_limit_in_flight_lowers_the_default_concurrency_for_large_batches(int? maxRowsInFlight, int flushSize, int expected)
    {
        var defaults = new BatchSinkDefaults(1_000, TimeSpan.FromMilliseconds(100), 4) { MaxRowsInFlight = maxRowsInFlight };

        var settings = FlowSettings.Resolve<Item>(new BatchFlowOptions { FlushSize = flushSize }, defaults, "items");

        Assert.Equal(expected, settings.MaxConcurrentFlushes);
    }

    [Fact]
    public void An_explicit_concurrency_wins_over_the_row_limit_in_flight()
    {
        var defaults = new BatchSinkDefaults(1_000, TimeSpan.FromMilliseconds(100), 4) { MaxRowsInFlight = 4_000 };

        var settings = FlowSettings.Resolve<Item>(new BatchFlowOptions { FlushSize = 10_000, MaxConcurrentFlushes = 3 }, defaults, "items");

        Assert.Equal(3, settings.MaxConcurrentFlushes);
    }

    [Fact]
    public void A_row_limit_in_flight_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSinkDefaults(1_000, TimeSpan.FromMilliseconds(100), 4) { MaxRowsInFlight = 0 });
        Assert.Contains("MaxRowsInFlight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_stays_under_the_cap()
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(1);
        for (var retry = 1; retry <= 10; retry++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, retry - 1), 1000);
            var delay = RetryBackoff.Delay(retry, baseDelay, max).TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }
}
