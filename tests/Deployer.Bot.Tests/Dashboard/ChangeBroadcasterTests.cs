using Deployer.Bot.Dashboard;
using Deployer.Bot.Dashboard.Live;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Deployer.Bot.Tests.Dashboard;

public sealed class ChangeBroadcasterTests
{
    private static readonly PipelineChange RouterHold = new(PipelineChange.Hold, "router", "production");

    [Fact]
    public async Task Every_open_subscription_gets_each_change_and_a_closed_one_no_longer_counts()
    {
        var broadcaster = new ChangeBroadcaster();
        using var first = broadcaster.Subscribe();
        var second = broadcaster.Subscribe();

        broadcaster.Publish(RouterHold);
        second.Dispose();
        broadcaster.Publish(new PipelineChange(PipelineChange.Pair, "billing", "staging→production"));

        Assert.Equal(1, broadcaster.SubscriberCount);
        Assert.Equal(RouterHold with { Sequence = 1 }, await first.Reader.ReadAsync());
        Assert.Equal("billing", (await first.Reader.ReadAsync()).Service);
        Assert.True(second.Reader.TryRead(out var onlyOne) && onlyOne == RouterHold with { Sequence = 1 });
        Assert.False(second.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_gets_one_resync_instead_of_an_endless_backlog()
    {
        var broadcaster = new ChangeBroadcaster();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var subscription = broadcaster.Subscribe();
        for (var i = 0; i < ChangeBroadcaster.QueueLength * 3; i++)
        {
            broadcaster.Publish(new PipelineChange(PipelineChange.Pair, $"svc{i}", "a→b"));
        }

        var events = EventStream.ReadAsync(subscription, null, new FakeTimeProvider(), cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("hello", events.Current.EventType);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("resync", events.Current.EventType);

        broadcaster.Publish(RouterHold);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("change", events.Current.EventType);
        Assert.Contains("\"service\":\"router\"", events.Current.Data, StringComparison.Ordinal);
        Assert.Equal((ChangeBroadcaster.QueueLength * 3 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), events.Current.EventId);

        broadcaster.CompleteAll();
        Assert.False(await events.MoveNextAsync());
        await events.DisposeAsync();
        Assert.Equal(0, broadcaster.SubscriberCount);
    }

    [Fact]
    public async Task A_service_page_stream_carries_only_its_service_and_pings_when_idle()
    {
        var broadcaster = new ChangeBroadcaster();
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = EventStream.ReadAsync(broadcaster.Subscribe(), "router", time, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());

        broadcaster.Publish(new PipelineChange(PipelineChange.Pair, "billing", "staging→production"));
        broadcaster.Publish(new PipelineChange(PipelineChange.Force, "ROUTER", "k3f9q2"));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("change", events.Current.EventType);
        Assert.Contains("k3f9q2", events.Current.Data, StringComparison.Ordinal);

        var next = events.MoveNextAsync().AsTask();
        await Eventually(() => broadcaster.SubscriberCount == 1);
        time.Advance(EventStream.Heartbeat);
        Assert.True(await next.WaitAsync(cts.Token));
        Assert.Equal("ping", events.Current.EventType);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.MoveNextAsync());
    }

    [Fact]
    public void Holds_placed_lifted_or_expired_decisions_and_force_requests_reach_open_pages()
    {
        var hold = new Hold { Service = "router", Stage = "production", Reason = "db", By = "U1" };
        var broadcaster = new ChangeBroadcaster();
        using var subscription = broadcaster.Subscribe();
        var listener = new DashboardEventListener(broadcaster);

        listener.OnEvent(new HoldPlaced { Hold = hold, At = DateTimeOffset.UnixEpoch });
        listener.OnEvent(new HoldLifted { HeldService = "router", Lifted = [hold with { Stage = null }], By = "U1", At = DateTimeOffset.UnixEpoch });
        listener.OnEvent(new HoldExpired { Hold = hold, At = DateTimeOffset.UnixEpoch });

        var seen = new List<PipelineChange>();
        while (subscription.Reader.TryRead(out var change))
        {
            seen.Add(change);
        }

        Assert.Equal(
            [new(PipelineChange.Hold, "router", "production"), new(PipelineChange.Hold, "router", "pipeline"), new(PipelineChange.Hold, "router", "production")],
            seen.Select(c => c with { Sequence = 0 }));
        Assert.Equal([1L, 2L, 3L], seen.Select(c => c.Sequence));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}
