using Deployer.Core.Events;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.Store;

/// <summary>Rollbacks (issue 15) in the promotion ledger and the notification queue, on each provider.</summary>
public abstract partial class StoreContractTests
{
    private static readonly PreviousRelease[] Before =
    [
        new("router-prod-us", "rel-us-41", "41d0e2c0ffee", 41),
        new("router-prod-eu", "rel-eu-40", "30aa1bc0ffee", 40),
    ];

    [Fact]
    public async Task Ledger_keeps_each_targets_previous_release_and_rollback_fields_across_a_reopen()
    {
        var stores = await OpenAsync();
        var promotion = Intent("router") with { Previous = Before };
        Assert.True(await stores.Ledger.TryBeginAsync(promotion, default));
        await stores.Ledger.CompleteAsync(promotion.Id, PromotionOutcome.Succeeded, "ok", T0.AddMinutes(1), default);
        var rollback = Rollback(promotion);
        Assert.True(await stores.Ledger.TryBeginAsync(rollback, default));

        var reopened = await OpenAsync(again: true);
        var recent = await reopened.Ledger.GetRecentAsync("router", 5, default);
        Assert.Equal([rollback.Id, promotion.Id], recent.Select(i => i.Id));
        Assert.Equal(IntentKind.Promote, recent[1].Kind);
        Assert.Equal(Before, recent[1].Previous);
        var open = Assert.Single(await reopened.Ledger.GetOpenAsync(default));
        Assert.Equal((IntentKind.Rollback, "9f1c2ab4f00d", promotion.Id, "5xx spike"), (open.Kind, open.FromCommit, open.RollbackOf, open.Reason));
        Assert.Equal(Before, open.Previous);
    }

    [Fact]
    public async Task An_open_rollback_and_a_promotion_of_the_same_pair_exclude_each_other()
    {
        var stores = await OpenAsync();
        var rollback = Rollback(Intent("router") with { Previous = Before });
        Assert.True(await stores.Ledger.TryBeginAsync(rollback, default));

        Assert.False(await stores.Ledger.TryBeginAsync(Intent("router"), default));
        await stores.Ledger.CompleteAsync(rollback.Id, PromotionOutcome.Abandoned, "settled", T0, default);
        Assert.True(await stores.Ledger.TryBeginAsync(Intent("router"), default));
    }

    [Fact]
    public async Task Rollback_events_survive_the_notification_queue()
    {
        var stores = await OpenAsync();
        var facts = new RollbackFacts("router", "staging", "production", "U0ALICE", "5xx spike", "9f1c2ab4f00d", Before, "i-1");
        stores.Notifications.Enqueue(new RollbackStarted { At = T0, Rollback = facts });
        stores.Notifications.Enqueue(new RollbackCompleted { At = T0, Rollback = facts, Succeeded = false, Message = "release not found", AfterRestart = true });

        var events = Drain((await OpenAsync(again: true)).Notifications);

        Assert.Equal(facts.Targets, Assert.IsType<RollbackStarted>(events[0]).Rollback.Targets);
        var completed = Assert.IsType<RollbackCompleted>(events[1]);
        Assert.Equal(("release not found", true, "U0ALICE"), (completed.Message, completed.AfterRestart, completed.Rollback.Actor));
    }

    private static PromotionIntent Rollback(PromotionIntent promotion) => Intent("router") with
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = IntentKind.Rollback,
        Commit = Before[0].Commit,
        SourceTarget = "",
        Previous = Before,
        FromCommit = promotion.Commit,
        RollbackOf = promotion.Id,
        Reason = "5xx spike",
        StartedAt = T0.AddMinutes(2),
    };
}
