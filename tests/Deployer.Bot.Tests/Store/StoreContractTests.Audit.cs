using Deployer.Bot.Store;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.Store;

/// <summary>A promotion's intent and its outcome are each one transaction with their audit entry, on each provider.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task An_intent_and_its_started_entry_are_kept_together_or_not_at_all()
    {
        var stores = await OpenAsync();
        var intent = Intent("router");
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() => stores.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.PromotionStarted), default));
            Assert.Equal($"crash at {StoreFaults.PromotionBegun}", crash.Message);
        }

        // Neither the intent nor its entry: the pair is free, and beginning again writes both once.
        var reopened = await OpenAsync(again: true);
        Assert.Empty(await reopened.Ledger.GetOpenAsync(default));
        Assert.Empty(await reopened.Audit.QueryAsync(null, 10, default));

        Assert.True(await reopened.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.PromotionStarted), default));
        Assert.False(await reopened.Ledger.TryBeginAsync(Intent("router"), AuditOf(intent, AuditKind.PromotionStarted), default));
        var again = await OpenAsync(again: true);
        Assert.Equal(intent.Id, Assert.Single(await again.Ledger.GetOpenAsync(default)).Id);
        var entry = Assert.Single(await again.Audit.QueryAsync("router", 10, default));
        Assert.Equal((AuditKind.PromotionStarted, intent.Id), (entry.Kind, entry.Data["intent"]));
    }

    [Fact]
    public async Task A_completion_and_its_entry_are_kept_together_or_not_at_all_and_an_intent_completes_once()
    {
        var stores = await OpenAsync();
        var intent = Intent("router");
        Assert.True(await stores.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.PromotionStarted), default));
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() =>
                stores.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0.AddMinutes(1), AuditOf(intent, AuditKind.PromotionSucceeded), default));
            Assert.Equal($"crash at {StoreFaults.PromotionCompleted}", crash.Message);
        }

        // The intent is still open (a restart reconciles it) and only the "started" entry is there.
        var reopened = await OpenAsync(again: true);
        Assert.Equal(intent.Id, Assert.Single(await reopened.Ledger.GetOpenAsync(default)).Id);
        Assert.Equal([AuditKind.PromotionStarted], (await reopened.Audit.QueryAsync(null, 10, default)).Select(e => e.Kind));

        var settled = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            reopened.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Abandoned, "settled", T0.AddMinutes(2), AuditOf(intent, AuditKind.PromotionReconciled), default))));
        Assert.Equal(1, settled.Count(s => s));

        var again = await OpenAsync(again: true);
        Assert.Empty(await again.Ledger.GetOpenAsync(default));
        var done = Assert.Single(await again.Ledger.GetRecentAsync("router", 5, default));
        Assert.Equal((PromotionOutcome.Abandoned, "settled"), (done.Outcome, done.Message));
        Assert.Equal([AuditKind.PromotionReconciled, AuditKind.PromotionStarted], (await again.Audit.QueryAsync("router", 10, default)).Select(e => e.Kind));
        await Assert.ThrowsAsync<InvalidOperationException>(() => again.Ledger.CompleteAsync("nope", PromotionOutcome.Succeeded, "", T0, AuditOf(intent, AuditKind.PromotionSucceeded), default));
        Assert.Equal(2, (await again.Audit.QueryAsync(null, 10, default)).Count);
    }

    [Fact]
    public async Task A_rollbacks_announcements_travel_with_its_intent_and_its_completion_or_not_at_all()
    {
        var stores = await OpenAsync();
        var intent = Intent("router") with { Kind = IntentKind.Rollback };
        var facts = new RollbackFacts("router", "staging", "production", "UOPS", "bad release", intent.Commit, [], intent.Id);
        RollbackStarted Started() => new() { At = T0, Rollback = facts };
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            await Assert.ThrowsAsync<IOException>(() => stores.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.RollbackRequested), Started(), default));
        }

        // The crash took the intent, its entry and its announcement together.
        var reopened = await OpenAsync(again: true);
        Assert.Empty(await reopened.Ledger.GetOpenAsync(default));
        Assert.Equal(0, reopened.Notifications.Depth);

        Assert.True(await reopened.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.RollbackRequested), Started(), default));
        Assert.Equal(1, reopened.Notifications.Depth);
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            await Assert.ThrowsAsync<IOException>(() => reopened.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0.AddMinutes(1),
                AuditOf(intent, AuditKind.RolledBack), new RollbackCompleted { At = T0.AddMinutes(1), Rollback = facts, Succeeded = true, Message = "ok" }, default));
        }

        var again = await OpenAsync(again: true);
        Assert.Equal(1, again.Notifications.Depth);
        Assert.True(await again.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0.AddMinutes(1),
            AuditOf(intent, AuditKind.RolledBack), new RollbackCompleted { At = T0.AddMinutes(1), Rollback = facts, Succeeded = true, Message = "ok" }, default));
        var last = await OpenAsync(again: true);
        var events = new List<DeployerEvent>();
        while (last.Notifications.TakeOldest(events.Add))
        {
        }

        Assert.Equal(["RollbackStarted", "RollbackCompleted"], events.Select(e => e.GetType().Name));
        Assert.Equal([AuditKind.RolledBack, AuditKind.RollbackRequested], (await last.Audit.QueryAsync("router", 10, default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Entries_written_with_the_ledger_and_alone_get_distinct_increasing_ids()
    {
        var stores = await OpenAsync();
        var intents = Enumerable.Range(0, 10).Select(i => Intent($"svc{i}")).ToList();
        await Task.WhenAll(intents.Select(intent => Task.Run(async () =>
        {
            Assert.True(await stores.Ledger.TryBeginAsync(intent, AuditOf(intent, AuditKind.PromotionStarted), default));
            await stores.Audit.AppendAsync(AuditOf(intent, AuditKind.Command), default);
            Assert.True(await stores.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0, AuditOf(intent, AuditKind.PromotionSucceeded), default));
        })));

        var all = await (await OpenAsync(again: true)).Audit.QueryAsync(null, 100, default);
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Select(e => e.Id).Distinct().Count());
        Assert.All(intents, i => Assert.Equal(3, all.Count(e => e.Data["intent"] == i.Id)));
    }

    private static AuditEntry AuditOf(PromotionIntent intent, AuditKind kind) => new()
    {
        At = T0,
        Service = intent.Service,
        Kind = kind,
        Actor = "engine",
        Summary = $"{kind} {intent.Commit[..7]}",
        Pair = $"{intent.From}→{intent.To}",
        Commit = intent.Commit[..7],
        Data = new Dictionary<string, string> { ["intent"] = intent.Id },
    };
}

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_decision_its_announcement_and_its_audit_entry_are_kept_together_or_not_at_all()
    {
        var stores = await OpenAsync();
        var decision = Decision("router", DecisionKind.Blocked);
        var entry = new AuditEntry { At = T0, Service = "router", Kind = AuditKind.Decision, Actor = "engine", Pair = "staging→production", Summary = "router BLOCKED" };
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            await Assert.ThrowsAsync<IOException>(() => stores.Decisions.SaveAsync(DecisionChanged.Of(null, decision), entry, default));
        }

        var reopened = await OpenAsync(again: true);
        Assert.Null(await reopened.Decisions.GetLastAsync(decision.PairKey, default));
        Assert.Empty(await reopened.Audit.QueryAsync(null, 10, default));

        await reopened.Decisions.SaveAsync(DecisionChanged.Of(null, decision), entry, default);
        await reopened.Decisions.KeepAsync(decision with { Kind = DecisionKind.Held }, entry with { Summary = "router HELD" }, default);
        var again = await OpenAsync(again: true);
        Assert.Equal(["router HELD", "router BLOCKED"], (await again.Audit.QueryAsync("router", 10, default)).Select(e => e.Summary));
        Assert.Equal(DecisionKind.Held, (await again.Decisions.GetLastAsync(decision.PairKey, default))!.Kind);
        Assert.Equal(1, again.Notifications.Depth);
    }
}
