using Deployer.Slack.WebApi;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.WebApi;

public sealed class SlackChannelLimiterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SlackChannelLimiter _limiter;

    public SlackChannelLimiterTests() => _limiter = new SlackChannelLimiter(_time, TimeSpan.FromSeconds(1));

    public void Dispose() => _limiter.Dispose();

    [Fact]
    public async Task Second_message_to_the_same_channel_waits_one_interval_on_the_injected_clock()
    {
        var first = _limiter.AcquireAsync("C1", CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        (await first).Dispose(); // the call is over at once; the permit still waits for the interval

        var second = _limiter.AcquireAsync("C1", CancellationToken.None);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        using var lease = await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task Queued_messages_go_oldest_first_one_interval_apart()
    {
        (await _limiter.AcquireAsync("C1", CancellationToken.None)).Dispose();
        var order = new List<int>();
        var waiting = Enumerable.Range(1, 3).Select(async n =>
        {
            using var lease = await _limiter.AcquireAsync("C1", CancellationToken.None);
            lock (order)
            {
                order.Add(n);
            }
        }).ToList();

        for (var second = 1; second <= 3; second++)
        {
            Assert.Equal(second - 1, Count(order));
            _time.Advance(TimeSpan.FromSeconds(1));
            await Eventually(() => Count(order) == second);
        }

        await Task.WhenAll(waiting);
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public async Task A_call_still_in_flight_holds_its_channel_and_the_next_waits_an_interval_after_it()
    {
        var first = await _limiter.AcquireAsync("C1", CancellationToken.None);
        var second = _limiter.AcquireAsync("C1", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5)); // e.g. retrying after a 429: its last attempt may go out at the very end
        Assert.False(second.IsCompleted);

        first.Dispose();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        using var lease = await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task Other_channels_and_calls_without_a_channel_are_not_delayed()
    {
        using var c1 = await _limiter.AcquireAsync("C1", CancellationToken.None);

        var c2 = _limiter.AcquireAsync("C2", CancellationToken.None);
        var none = _limiter.AcquireAsync(null, CancellationToken.None);
        var again = _limiter.AcquireAsync(null, CancellationToken.None);

        Assert.True(c2.IsCompletedSuccessfully && none.IsCompletedSuccessfully && again.IsCompletedSuccessfully);
        Assert.True((await c2).IsAcquired && (await none).IsAcquired && (await again).IsAcquired);
        Assert.False(_limiter.AcquireAsync("C1", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task A_channel_quiet_for_an_interval_is_not_delayed()
    {
        (await _limiter.AcquireAsync("C1", CancellationToken.None)).Dispose();

        _time.Advance(TimeSpan.FromSeconds(1));

        var next = _limiter.AcquireAsync("C1", CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.True((await next).IsAcquired);
    }

    private static int Count(List<int> order)
    {
        lock (order)
        {
            return order.Count;
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
