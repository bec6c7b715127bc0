using Deployer.Slack.WebApi;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.WebApi;

public sealed class SlackChannelLimiterTests : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SlackChannelLimiter _limiter;

    public SlackChannelLimiterTests() => _limiter = new SlackChannelLimiter(_time);

    public void Dispose() => _limiter.Dispose();

    [Fact]
    public async Task The_next_call_to_a_channel_waits_the_quiet_time_on_the_injected_clock()
    {
        var first = _limiter.AcquireAsync("C1", CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        _limiter.Release(await first, Second);

        var second = _limiter.AcquireAsync("C1", CancellationToken.None);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        using var lease = await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task Queued_calls_go_oldest_first_one_at_a_time()
    {
        _limiter.Release(await _limiter.AcquireAsync("C1", CancellationToken.None), Second);
        var order = new List<int>();
        var waiting = Enumerable.Range(1, 3).Select(async n =>
        {
            var lease = await _limiter.AcquireAsync("C1", CancellationToken.None);
            lock (order)
            {
                order.Add(n);
            }

            _limiter.Release(lease, Second);
        }).ToList();

        for (var second = 1; second <= 3; second++)
        {
            Assert.Equal(second - 1, Count(order));
            _time.Advance(Second);
            await Eventually.TrueAsync(() => Count(order) == second, $"call {second} to go out", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(5));
        }

        await Task.WhenAll(waiting);
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public async Task A_call_in_flight_holds_its_channel_and_a_retry_after_holds_it_longer()
    {
        var first = await _limiter.AcquireAsync("C1", CancellationToken.None);
        var second = _limiter.AcquireAsync("C1", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5)); // e.g. retrying after a 429: its last attempt may go out at the very end
        Assert.False(second.IsCompleted);

        _limiter.Release(first, TimeSpan.FromSeconds(20)); // it ended rate-limited: Retry-After 20 s
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(second.IsCompleted);
        _time.Advance(Second);
        using var lease = await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task Other_channels_are_not_delayed()
    {
        var c1 = await _limiter.AcquireAsync("C1", CancellationToken.None);

        var c2 = _limiter.AcquireAsync("C2", CancellationToken.None);

        Assert.True(c2.IsCompletedSuccessfully);
        Assert.True((await c2).IsAcquired);
        Assert.False(_limiter.AcquireAsync("C1", CancellationToken.None).IsCompleted);
        _limiter.Release(c1, TimeSpan.Zero);
    }

    [Fact]
    public async Task A_channel_quiet_for_its_interval_is_not_delayed()
    {
        _limiter.Release(await _limiter.AcquireAsync("C1", CancellationToken.None), Second);

        _time.Advance(Second);

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
}
