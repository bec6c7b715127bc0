using Deployer.Slack.Inbound;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Inbound;

public sealed class EventDeduplicatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_redelivery_within_the_window_is_a_duplicate()
    {
        var dedup = new EventDeduplicator(_time, TimeSpan.FromMinutes(10), 100);

        Assert.True(dedup.TryMarkSeen("Ev1"));
        _time.Advance(TimeSpan.FromMinutes(9));

        Assert.False(dedup.TryMarkSeen("Ev1"));
        Assert.True(dedup.TryMarkSeen("Ev2"));
    }

    [Fact]
    public void An_id_is_forgotten_after_the_window()
    {
        var dedup = new EventDeduplicator(_time, TimeSpan.FromMinutes(10), 100);
        dedup.TryMarkSeen("Ev1");

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(dedup.TryMarkSeen("Ev1"));
    }

    [Fact]
    public void The_oldest_id_is_evicted_at_capacity()
    {
        var dedup = new EventDeduplicator(_time, TimeSpan.FromMinutes(10), 2);
        dedup.TryMarkSeen("Ev1");
        dedup.TryMarkSeen("Ev2");

        dedup.TryMarkSeen("Ev3");

        Assert.Equal(2, dedup.Count);
        Assert.False(dedup.TryMarkSeen("Ev3"));
        Assert.False(dedup.TryMarkSeen("Ev2"));
        Assert.True(dedup.TryMarkSeen("Ev1"));
    }

    [Fact]
    public void A_forgotten_id_is_handled_again()
    {
        var dedup = new EventDeduplicator(_time, TimeSpan.FromMinutes(10), 100);
        dedup.TryMarkSeen("Ev1");

        dedup.Forget("Ev1");

        Assert.True(dedup.TryMarkSeen("Ev1"));
        Assert.False(dedup.TryMarkSeen("Ev1"));
    }
}
