using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Bot.Tests.Store;

/// <summary>
/// One contract for every store port, run unchanged against each provider (<see cref="LiteDbStoreContractTests"/>,
/// <see cref="PostgreSqlStoreContractTests"/>): what the engine and the chat side rely on, whichever database is under it.
/// </summary>
public abstract partial class StoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(T0);

    /// <summary>Stores over an empty database of their own; <paramref name="again"/> opens the same database anew (as after a restart).</summary>
    private protected abstract Task<StoreSet> OpenAsync(bool again = false);

    [Fact]
    public async Task Decisions_keep_the_last_per_pair_with_every_detail()
    {
        var stores = await OpenAsync();
        await stores.Decisions.SaveAsync(Decision("router", DecisionKind.Promote), default);
        var blocked = Decision("router", DecisionKind.Blocked);
        await stores.Decisions.SaveAsync(blocked, default);

        var reopened = await OpenAsync(again: true);
        var last = await reopened.Decisions.GetLastAsync("ROUTER/staging->production", default);
        Assert.NotNull(last);
        Assert.Equal(blocked.Signature, last.Signature);
        Assert.Equal(blocked.At, last.At);
        Assert.Equal(blocked.Checks[1].ClearsAt, last.Checks[1].ClearsAt);
        Assert.Equal(blocked.Hold, last.Hold);
        Assert.Null(await reopened.Decisions.GetLastAsync("billing/staging->production", default));
    }

    [Fact]
    public async Task Decisions_list_by_service_ignoring_case_and_all()
    {
        var stores = await OpenAsync();
        await Task.WhenAll(new[] { "router", "billing", "checkout" }.Select(s => Task.Run(() => stores.Decisions.SaveAsync(Decision(s, DecisionKind.InSync), default))));

        Assert.Equal(3, (await stores.Decisions.GetAllAsync(null, default)).Count);
        Assert.Equal("billing", Assert.Single(await stores.Decisions.GetAllAsync("Billing", default)).Service);
    }

    [Fact]
    public async Task Ledger_allows_one_open_intent_per_pair_even_when_racing()
    {
        var stores = await OpenAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => stores.Ledger.TryBeginAsync(Intent("router"), default))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal("router/staging->production", Assert.Single(await stores.Ledger.GetOpenAsync(default)).PairKey);
        Assert.True(await stores.Ledger.TryBeginAsync(Intent("billing"), default));
    }

    [Fact]
    public async Task Ledger_completion_records_the_outcome_and_frees_the_pair()
    {
        var stores = await OpenAsync();
        var intent = Intent("router");
        Assert.True(await stores.Ledger.TryBeginAsync(intent, default));
        await stores.Ledger.SetExternalIdAsync(intent.Id, "local-123", default);
        await stores.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Failed, "boom", T0.AddMinutes(1), default);

        Assert.Empty(await stores.Ledger.GetOpenAsync(default));
        var done = Assert.Single(await stores.Ledger.GetRecentAsync("router", 5, default));
        Assert.Equal(PromotionOutcome.Failed, done.Outcome);
        Assert.Equal("local-123", done.ExternalId);
        Assert.Equal("boom", done.Message);
        Assert.Equal(T0.AddMinutes(1), done.CompletedAt);
        Assert.Equal(["router-prod-us", "router-prod-eu"], done.Targets);
        Assert.Equal(intent.StartedAt, done.StartedAt);
        Assert.True(await stores.Ledger.TryBeginAsync(Intent("router"), default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stores.Ledger.CompleteAsync("nope", PromotionOutcome.Succeeded, "", T0, default));
    }

    [Fact]
    public async Task Ledger_recent_is_newest_first_and_filters_by_service()
    {
        var stores = await OpenAsync();
        for (var i = 0; i < 6; i++)
        {
            var intent = Intent(i % 2 == 0 ? "router" : "billing") with { Commit = $"c{i}000000" };
            await stores.Ledger.TryBeginAsync(intent, default);
            await stores.Ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0, default);
        }

        Assert.Equal(["c4000000", "c2000000"], (await stores.Ledger.GetRecentAsync("Router", 2, default)).Select(i => i.Commit));
        Assert.Equal("c5000000", (await stores.Ledger.GetRecentAsync(null, 1, default))[0].Commit);
    }

    [Fact]
    public async Task Ledger_open_intents_survive_reopening_oldest_first()
    {
        var stores = await OpenAsync();
        var first = Intent("router");
        var second = Intent("billing");
        await stores.Ledger.TryBeginAsync(first, default);
        await stores.Ledger.TryBeginAsync(second, default);

        var reopened = await OpenAsync(again: true);
        Assert.Equal([first.Id, second.Id], (await reopened.Ledger.GetOpenAsync(default)).Select(i => i.Id));
        Assert.False(await reopened.Ledger.TryBeginAsync(Intent("router"), default));
    }

    [Fact]
    public async Task Ledger_hands_a_restarted_process_the_intents_its_predecessor_left_open()
    {
        var stores = await OpenAsync();
        var left = Intent("router");
        await stores.Ledger.TryBeginAsync(left, default);

        var restarted = await OpenAsync(again: true);
        Assert.Equal(left.Id, Assert.Single(await restarted.Ledger.GetOrphanedAsync(default)).Id);
        await restarted.Ledger.CompleteAsync(left.Id, PromotionOutcome.Abandoned, "settled", T0, default);
        Assert.Empty(await restarted.Ledger.GetOrphanedAsync(default));
    }

    [Fact]
    public async Task Holds_are_active_until_they_expire_and_removals_return_what_they_removed()
    {
        var stores = await OpenAsync();
        var pipeline = new Hold { Service = "router", Reason = "freeze", By = "U1", CreatedAt = T0 };
        var stage = new Hold { Service = "router", Stage = "production", Reason = "db", By = "U2", CreatedAt = T0.AddSeconds(1), Until = T0.AddHours(1) };
        var other = new Hold { Service = "billing", Stage = "production", Reason = "x", By = "U3", CreatedAt = T0.AddSeconds(2), Until = T0.AddMinutes(5) };
        foreach (var hold in new[] { pipeline, stage, other })
        {
            await stores.Holds.AddAsync(hold, default);
        }

        Assert.Equal([pipeline, stage], await stores.Holds.GetActiveAsync("ROUTER", T0, default));
        Assert.Equal(3, (await stores.Holds.GetActiveAsync(null, T0, default)).Count);
        Assert.Equal(3, stores.HoldCount.CountActive(T0));
        Assert.Equal([pipeline], await stores.Holds.GetActiveAsync("router", T0.AddHours(2), default));

        Assert.Equal([other], (await stores.Holds.RemoveExpiredAsync(T0.AddMinutes(5), default)).Select(e => e.Hold));
        Assert.Equal([stage], await stores.Holds.RemoveAsync("router", "Production", default));
        Assert.Empty(await stores.Holds.RemoveAsync("router", "production", default));
        Assert.Equal([pipeline], await stores.Holds.RemoveAsync("Router", null, default));
        Assert.Equal(0, stores.HoldCount.CountActive(T0));
    }

    [Fact]
    public async Task Audit_is_append_only_newest_first_per_service_with_its_data()
    {
        var stores = await OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores.Audit.AppendAsync(Entry(i % 2 == 0 ? "router" : "billing", i), default))));

        var all = await stores.Audit.QueryAsync(null, 100, default);
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.Select(e => e.Id).OrderDescending(), all.Select(e => e.Id));
        var router = await stores.Audit.QueryAsync("Router", 5, default);
        Assert.Equal(5, router.Count);
        Assert.All(router, e => Assert.Equal("router", e.Service));
        Assert.Equal(all.Where(e => e.Service == "router").Take(5).Select(e => e.Id), router.Select(e => e.Id));
        var one = router[0];
        Assert.Equal(AuditKind.PromotionStarted, one.Kind);
        Assert.Equal("engine", one.Actor);
        Assert.Equal(one.Summary.Replace("entry ", "", StringComparison.Ordinal), one.Data["n"]);
        Assert.Equal("router/staging->production", one.Pair);
        Assert.Equal(T0, one.At);

        var reopened = await OpenAsync(again: true);
        await reopened.Audit.AppendAsync(Entry("router", 99), default);
        Assert.True((await reopened.Audit.QueryAsync(null, 1, default))[0].Id > all[0].Id);
    }

    private protected static PairDecision Decision(string service, DecisionKind kind)
    {
        var release = new Release { Id = "v7", Version = 7, Commit = "9f1c2ab4f00d", Branch = "main", CreatedAt = T0.AddMinutes(-12) };
        return new PairDecision
        {
            Service = service,
            From = "staging",
            To = "production",
            Kind = kind,
            At = T0,
            Upstream = release,
            SourceTarget = $"{service}-staging-us",
            TargetsToPromote = [$"{service}-prod-us"],
            Checks =
            [
                new CheckResult(CheckNames.Hold, CheckOutcome.Pass, "no hold"),
                new CheckResult(CheckNames.ReleaseAge, CheckOutcome.Fail, "too young") { ClearsAt = T0.AddMinutes(18) },
            ],
            Hold = new Hold { Id = "h1", Service = service, Reason = "r", By = "U1", CreatedAt = T0 },
            Detail = kind.ToString(),
        };
    }

    private protected static PromotionIntent Intent(string service) => new()
    {
        Service = service,
        From = "staging",
        To = "production",
        Commit = "9f1c2ab4f00d",
        Version = 42,
        SourceTarget = $"{service}-staging-us",
        Targets = ["router-prod-us", "router-prod-eu"],
        StartedAt = T0,
    };

    private static AuditEntry Entry(string service, int n) => new()
    {
        At = T0,
        Service = service,
        Kind = AuditKind.PromotionStarted,
        Actor = "engine",
        Summary = $"entry {n}",
        Pair = $"{service}/staging->production",
        Data = new Dictionary<string, string> { ["n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
