using Deployer.Bot.Store;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.Store;

/// <summary>
/// A promotion's result is queued with the ledger's completion and its decision row kept without queueing, on each
/// provider: a crash after the completion's commit keeps the result's announcement, and the row adds none.
/// </summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Keeping_a_decision_stores_its_row_and_queues_nothing()
    {
        var stores = await OpenAsync();
        var promoting = Decision("router", DecisionKind.Promoting);
        await stores.Decisions.SaveAsync(DecisionChanged.Of(null, promoting), default);
        Assert.Equal(1, stores.Notifications.Depth);

        var promoted = Decision("router", DecisionKind.Promoted);
        await stores.Decisions.KeepAsync(promoted, default);

        var reopened = await OpenAsync(again: true);
        var stored = await reopened.Decisions.GetLastAsync("Router/staging->production", default);
        Assert.Equal((DecisionKind.Promoted, promoted.Signature, promoted.Detail), (stored!.Kind, stored.Signature, stored.Detail));
        Assert.Equal(DecisionKind.Promoted, Assert.Single(await reopened.Decisions.GetAllAsync("router", default)).Kind);
        // Only the first save's announcement is queued.
        Assert.Equal([DecisionKind.Promoting], Drain(reopened.Notifications).Cast<DecisionChanged>().Select(c => c.Current.Kind));
    }

    [Fact]
    public async Task A_crash_after_a_completions_commit_keeps_the_outcome_its_entry_and_its_announcement()
    {
        var stores = await OpenAsync();
        var intent = Intent("router");
        Assert.True(await stores.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.PromotionStarted), default));
        var promoting = Decision("router", DecisionKind.Promoting);
        var result = DecisionChanged.Of(promoting, Decision("router", DecisionKind.Promoted));
        using (StoreFaults.InThisFlow(point =>
        {
            if (point == StoreFaults.PromotionCompletionCommitted)
            {
                throw new IOException($"crash at {point}");
            }
        }))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() =>
                stores.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0.AddMinutes(1), AuditOf(intent, AuditKind.PromotionSucceeded), result, default));
            Assert.Equal($"crash at {StoreFaults.PromotionCompletionCommitted}", crash.Message);
        }

        // The point is past the commit: the intent is closed, both entries and the result's announcement are there.
        var reopened = await OpenAsync(again: true);
        Assert.Empty(await reopened.Ledger.GetOpenAsync(default));
        Assert.Equal(PromotionOutcome.Succeeded, Assert.Single(await reopened.Ledger.GetRecentAsync("router", 5, default)).Outcome);
        Assert.Equal([AuditKind.PromotionSucceeded, AuditKind.PromotionStarted], (await reopened.Audit.QueryAsync("router", 10, default)).Select(e => e.Kind));
        var queued = Assert.IsType<DecisionChanged>(Assert.Single(Drain(reopened.Notifications)));
        Assert.Equal((DecisionKind.Promoting, DecisionKind.Promoted), (queued.Previous?.Kind, queued.Current.Kind));
        Assert.Null(await reopened.Decisions.GetLastAsync(promoting.PairKey, default));
    }
}
