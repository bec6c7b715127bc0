using Deployer.Bot.Notifications.Slack;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Store;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Slack.BlockKit;
using SlackCall = Deployer.Bot.Notifications.Slack.SlackCall; // not the fake Slack's recorded call (Deployer.Testing)

namespace Deployer.Bot.Tests.Store;

/// <summary>Every state change and its announcement are one transaction, on each provider.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_decision_and_its_announcement_are_kept_together_or_not_at_all()
    {
        var stores = await OpenAsync();
        var first = Decision("router", DecisionKind.Blocked);
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() => stores.Decisions.SaveAsync(DecisionChanged.Of(null, first), default));
            Assert.Equal($"crash at {StoreFaults.DecisionSaved}", crash.Message);
        }

        // The write died between the decision and its announcement: after reopening, neither is there, so the next cycle
        // sees the decision as new and announces it. (Saved apart, the decision would stay and never be announced.)
        var reopened = await OpenAsync(again: true);
        Assert.Null(await reopened.Decisions.GetLastAsync(first.PairKey, default));
        Assert.Equal(0, reopened.Notifications.Depth);

        await reopened.Decisions.SaveAsync(DecisionChanged.Of(null, first), default);
        var again = await OpenAsync(again: true);
        Assert.Equal(first.Signature, (await again.Decisions.GetLastAsync(first.PairKey, default))!.Signature);
        Assert.Equal(1, again.Notifications.Depth);
        DeployerEvent? queued = null;
        Assert.True(again.Notifications.TakeOldest(e => queued = e));
        Assert.Equal(first.Signature, Assert.IsType<DecisionChanged>(queued).Current.Signature);
        Assert.Equal(0, again.Notifications.Depth);
        Assert.False(again.Notifications.TakeOldest(_ => Assert.Fail("the queue is empty")));
    }

    [Fact]
    public async Task Hold_and_force_request_changes_queue_their_events_in_order_and_no_change_queues_nothing()
    {
        var stores = await OpenAsync();
        var hold = new Hold { Service = "router", Stage = "production", Reason = "db", By = "U1", CreatedAt = T0, Until = T0.AddMinutes(5) };
        await stores.Holds.PlaceAsync(hold, default);
        var replacing = await stores.Holds.PlaceAsync(hold with { Id = "second", Reason = "db 2" }, default);
        Assert.Null(await stores.Holds.LiftAsync("billing", null, "U2", T0, default));
        await stores.Holds.RemoveExpiredAsync(T0.AddMinutes(10), default);
        await stores.ForceRequests.AddAsync(Request("abc123"), default);
        await stores.ForceRequests.UpdateAsync("abc123", r => r, default);
        await stores.ForceRequests.UpdateAsync("abc123", r => r with { Status = ForceRequestStatus.Rejected, Note = "no" }, default);

        Assert.Equal("db", Assert.Single(replacing.Replaced).Reason);
        var events = Drain((await OpenAsync(again: true)).Notifications);
        Assert.Equal(
            ["HoldPlaced:db", "HoldPlaced:db 2", "HoldExpired:db 2", "ForceRequestChanged:Pending", "ForceRequestChanged:Rejected"],
            events.Select(e => e switch
            {
                HoldPlaced p => $"HoldPlaced:{p.Hold.Reason}",
                HoldExpired x => $"HoldExpired:{x.Hold.Reason}",
                ForceRequestChanged f => $"ForceRequestChanged:{f.Request.Status}",
                _ => e.GetType().Name,
            }));
    }

    [Fact]
    public async Task The_oldest_events_become_outbox_items_in_the_step_that_removes_them_and_a_failed_render_keeps_them()
    {
        var stores = await OpenAsync();
        await stores.Holds.PlaceAsync(new Hold { Service = "router", Reason = "freeze", By = "U1", CreatedAt = T0 }, default);
        await stores.Holds.LiftAsync("router", null, "U2", T0, default);

        Assert.Throws<InvalidOperationException>(() => stores.Outbox.ExpandOldest(_ => throw new InvalidOperationException("render failed")));
        Assert.Equal(2, stores.Notifications.Depth);
        Assert.Empty(stores.Outbox.Pending());
        stores.Outbox.ReleaseClaims();

        IReadOnlyList<SlackCall> Render(DeployerEvent e) =>
        [
            new(SlackCallKind.Upsert, "#router", "k1", new SlackMessage(e.GetType().Name)),
            new(SlackCallKind.Reply, "#router", "k1", new SlackMessage("thread")),
        ];
        // Both events leave in one step (a batch), in order.
        Assert.True(stores.Outbox.ExpandOldest(Render));
        Assert.False(stores.Outbox.ExpandOldest(Render));

        Assert.Equal(0, stores.Notifications.Depth);
        Assert.Equal(
            [(OutboxOperation.Post, "k1"), (OutboxOperation.Reply, "k1"), (OutboxOperation.Reply, "k1")],
            stores.Outbox.Pending().Select(i => (i.Operation, i.Key)));
        stores.Outbox.ReleaseClaims();
    }

    private static List<DeployerEvent> Drain(Deployer.Bot.Notifications.INotificationQueue queue)
    {
        var events = new List<DeployerEvent>();
        while (queue.TakeOldest(events.Add))
        {
        }

        return events;
    }
}
