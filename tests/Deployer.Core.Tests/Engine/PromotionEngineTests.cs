using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

public sealed class PromotionEngineTests
{
    private static readonly ChecksSpec BakeHalfAnHour = new() { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(30)) };
    private readonly EngineHarness _h = new();

    private static PairDecision Pair(Core.Engine.CycleReport report, string service, string to) =>
        Assert.Single(report.Decisions, d => d.Service == service && d.To == to);

    [Fact]
    public async Task Three_pipelines_at_different_commits_decide_independently_in_one_cycle()
    {
        _h.TwoStage("router", Rel.A, Rel.A, TimeSpan.FromHours(2), b => b.Checks(BakeHalfAnHour));
        _h.TwoStage("billing", Rel.C, Rel.A, TimeSpan.FromMinutes(5), b => b.Checks(BakeHalfAnHour));
        _h.TwoStage("search", Rel.B, Rel.A, TimeSpan.FromHours(2), b => b.Checks(BakeHalfAnHour));

        var report = await _h.CycleAsync();

        Assert.Equal(DecisionKind.InSync, Pair(report, "router", "production").Kind);
        var billing = Pair(report, "billing", "production");
        Assert.Equal(DecisionKind.Blocked, billing.Kind);
        Assert.Contains("needs 30m (ready at 14:45 UTC)", DecisionText.OneLine(billing));
        Assert.Equal(DecisionKind.Promoted, Pair(report, "search", "production").Kind);
        var promotion = Assert.Single(_h.Platform.Promotions);
        Assert.Equal(("search", Rel.B), (promotion.Manifest.Service, promotion.Release.Commit));
        Assert.Equal(Rel.B, _h.Platform.Current("search-production")?.Commit);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task Each_pair_of_a_four_stage_pipeline_decides_on_its_own_commit()
    {
        var now = EngineHarness.Now;
        _h.Add(ManifestBuilder.For("router")
            .Stage("dev").Stage("qa").Stage("staging")
            .Stage("production", new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(6)) })
            .Checks(BakeHalfAnHour)
            .Build());
        _h.Platform
            .Set("router-dev", Rel.Of(Rel.D, now.AddHours(-3)))
            .Set("router-qa", Rel.Of(Rel.C, now.AddHours(-3)))
            .Set("router-staging", Rel.Of(Rel.B, now.AddHours(-3)))
            .Set("router-production", Rel.Of(Rel.A, now.AddDays(-2)));
        await _h.Holds.AddAsync(new Hold { Service = "router", Stage = "qa", Reason = "qa env rebuild", By = "carol" }, CancellationToken.None);

        var report = await _h.CycleAsync();

        Assert.Equal(DecisionKind.Held, Pair(report, "router", "qa").Kind);
        Assert.Equal(DecisionKind.Promoted, Pair(report, "router", "staging").Kind);
        var production = Pair(report, "router", "production");
        Assert.Equal(DecisionKind.Blocked, production.Kind);
        Assert.Equal(Rel.B, production.Commit);
        Assert.Contains("needs 6h", production.BlockingChecks.Single().Reason);
        var promotion = Assert.Single(_h.Platform.Promotions);
        Assert.Equal((Rel.C, "router-staging"), (promotion.Release.Commit, promotion.Targets.Single()));
    }

    [Fact]
    public async Task Pipeline_whose_platform_throws_is_blocked_as_unknown_and_the_others_still_promote()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.TwoStage("billing", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Platform.SnapshotFailures["billing"] = new HttpRequestException("platform API returned 500");

        var report = await _h.CycleAsync();

        var billing = Pair(report, "billing", "production");
        Assert.Equal(DecisionKind.Blocked, billing.Kind);
        var unknown = Assert.Single(billing.BlockingChecks);
        Assert.Equal((CheckNames.UpstreamConverged, CheckOutcome.Unknown), (unknown.Check, unknown.Outcome));
        Assert.Contains("platform API returned 500", unknown.Reason);
        Assert.Equal(DecisionKind.Promoted, Pair(report, "router", "production").Kind);
        Assert.Equal("router", Assert.Single(_h.Platform.Promotions).Manifest.Service);
    }

    [Fact]
    public async Task Unreadable_downstream_target_blocks_as_unknown_instead_of_being_promoted_blind()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Platform.Set("router-production", null, "HTTP 500 reading releases");

        var report = await _h.CycleAsync();

        var decision = Pair(report, "router", "production");
        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var unknown = Assert.Single(decision.BlockingChecks);
        Assert.Equal(CheckOutcome.Unknown, unknown.Outcome);
        Assert.Contains("cannot read downstream router-production: HTTP 500", unknown.Reason);
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Pipeline_on_an_unknown_platform_kind_is_blocked_and_the_others_still_promote()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.TwoStage("legacy", Rel.B, Rel.A, TimeSpan.FromHours(2), b => b.Platform("mainframe"));

        var report = await _h.CycleAsync();

        Assert.Equal(DecisionKind.Blocked, Pair(report, "legacy", "production").Kind);
        Assert.Equal(DecisionKind.Promoted, Pair(report, "router", "production").Kind);
    }

    [Fact]
    public async Task Pipeline_whose_platform_hangs_is_blocked_after_the_snapshot_timeout()
    {
        var hung = new FakePlatform("hung") { SnapshotGate = () => new TaskCompletionSource().Task };
        _h.OtherPlatforms.Add(hung);
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.TwoStage("billing", Rel.B, Rel.A, TimeSpan.FromHours(2), b => b.Platform("hung"));

        var cycle = _h.CycleAsync();
        await _h.Time.TimersCreated(_h.Options.SnapshotTimeout);
        _h.Time.Advance(_h.Options.SnapshotTimeout);
        var report = await cycle;

        var billing = Pair(report, "billing", "production");
        Assert.Equal(DecisionKind.Blocked, billing.Kind);
        Assert.Contains("no answer within 30s", billing.BlockingChecks.Single().Reason);
        var router = Pair(report, "router", "production");
        Assert.True(router.Kind == DecisionKind.Promoted, router.Detail);
    }

    [Fact]
    public async Task Promotes_only_the_region_that_is_behind()
    {
        _h.Add(ManifestBuilder.For("router")
            .Stage("staging", "router-staging-eu", "router-staging-us")
            .Stage("production", "router-prod-eu", "router-prod-us")
            .Build());
        _h.Platform
            .Set("router-staging-eu", Rel.Of(Rel.B, EngineHarness.Now.AddHours(-2)))
            .Set("router-staging-us", Rel.Of(Rel.B, EngineHarness.Now.AddHours(-1)))
            .Set("router-prod-eu", Rel.Of(Rel.B, EngineHarness.Now.AddMinutes(-30)))
            .Set("router-prod-us", Rel.Of(Rel.A, EngineHarness.Now.AddDays(-1)));

        var report = await _h.CycleAsync();

        var decision = Pair(report, "router", "production");
        Assert.Equal(DecisionKind.Promoted, decision.Kind);
        var promotion = Assert.Single(_h.Platform.Promotions);
        Assert.Equal(["router-prod-us"], promotion.Targets);
        Assert.Equal("router-staging-us", promotion.SourceTarget);
    }

    [Fact]
    public async Task Does_not_promote_while_upstream_regions_disagree()
    {
        _h.Add(ManifestBuilder.For("router")
            .Stage("staging", "router-staging-eu", "router-staging-us")
            .Stage("production", "router-prod-eu", "router-prod-us")
            .Build());
        _h.Platform
            .Set("router-staging-eu", Rel.Of(Rel.C, EngineHarness.Now.AddHours(-2)))
            .Set("router-staging-us", Rel.Of(Rel.B, EngineHarness.Now.AddHours(-3)))
            .Set("router-prod-eu", Rel.Of(Rel.A, EngineHarness.Now.AddDays(-1)))
            .Set("router-prod-us", Rel.Of(Rel.A, EngineHarness.Now.AddDays(-1)));

        var report = await _h.CycleAsync();

        var decision = Pair(report, "router", "production");
        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.StartsWith("upstream not converged", decision.BlockingChecks.Single().Reason);
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Stage_hold_stops_only_promotions_into_that_stage_and_a_pipeline_hold_stops_all()
    {
        _h.Add(ManifestBuilder.For("router").Stage("dev").Stage("staging").Stage("production").Build());
        _h.Platform
            .Set("router-dev", Rel.Of(Rel.C, EngineHarness.Now.AddHours(-3)))
            .Set("router-staging", Rel.Of(Rel.B, EngineHarness.Now.AddHours(-3)))
            .Set("router-production", Rel.Of(Rel.A, EngineHarness.Now.AddDays(-1)));
        await _h.Holds.AddAsync(new Hold { Service = "router", Stage = "production", Reason = "launch", By = "dana" }, CancellationToken.None);
        await _h.Holds.AddAsync(new Hold { Service = "billing", Reason = "other service", By = "dana" }, CancellationToken.None);

        var staged = await _h.CycleAsync();

        Assert.Equal(DecisionKind.Promoted, Pair(staged, "router", "staging").Kind);
        Assert.Equal(DecisionKind.Held, Pair(staged, "router", "production").Kind);

        _h.Platform.Set("router-dev", Rel.Of(Rel.D, EngineHarness.Now.AddHours(-2)));
        await _h.Holds.AddAsync(new Hold { Service = "router", Reason = "incident", By = "erin" }, CancellationToken.None);

        var piped = await _h.CycleAsync();

        Assert.Equal(DecisionKind.Held, Pair(piped, "router", "staging").Kind);
        Assert.Equal(DecisionKind.Held, Pair(piped, "router", "production").Kind);
        Assert.Single(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Hold_expiring_lets_the_next_cycle_promote()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        await _h.Holds.AddAsync(new Hold { Service = "router", Stage = "production", Reason = "launch", By = "dana", Until = EngineHarness.Now.AddMinutes(30) }, CancellationToken.None);

        Assert.Equal(DecisionKind.Held, Pair(await _h.CycleAsync(), "router", "production").Kind);
        _h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(DecisionKind.Held, Pair(await _h.CycleAsync(), "router", "production").Kind);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(DecisionKind.Promoted, Pair(await _h.CycleAsync(), "router", "production").Kind);
    }

    [Fact]
    public async Task Unreadable_hold_store_blocks_every_pair_and_the_cycle_still_reports()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Holds.Failure = new IOException("database locked");

        var report = await _h.CycleAsync();

        var decision = Pair(report, "router", "production");
        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(CheckOutcome.Unknown, decision.Checks.Single(c => c.Check == CheckNames.Hold).Outcome);
        Assert.Contains(report.Errors, e => e.Contains("database locked", StringComparison.Ordinal));
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Pair_with_a_promotion_in_flight_does_not_stop_other_pipelines()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.TwoStage("billing", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.MemoryLedger.Seed(new Promotions.PromotionIntent
        {
            Service = "router", From = "staging", To = "production", Commit = Rel.B, SourceTarget = "router-staging",
            Targets = ["router-production"], StartedAt = EngineHarness.Now.AddMinutes(-1),
        });

        var report = await _h.CycleAsync();

        Assert.Equal(DecisionKind.Promoting, Pair(report, "router", "production").Kind);
        Assert.Equal(DecisionKind.Promoted, Pair(report, "billing", "production").Kind);
        Assert.Equal("billing", Assert.Single(_h.Platform.Promotions).Manifest.Service);
    }

    [Fact]
    public async Task Plan_decides_but_promotes_and_records_nothing()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));

        var report = await _h.Engine.PlanAsync(null, CancellationToken.None);

        Assert.Equal(DecisionKind.Promote, Pair(report, "router", "production").Kind);
        Assert.Empty(_h.Platform.Promotions);
        Assert.Empty(_h.MemoryLedger.All);
        Assert.Empty(_h.Notifier.Changes);
        Assert.Empty(await _h.Decisions.GetAllAsync(null, CancellationToken.None));
        Assert.Empty(_h.Audit.Entries);
    }

    [Fact]
    public async Task Plan_for_one_service_evaluates_only_that_service()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.TwoStage("billing", Rel.B, Rel.A, TimeSpan.FromHours(2));

        var report = await _h.Engine.PlanAsync("BILLING", CancellationToken.None);

        Assert.Equal("billing", Assert.Single(report.Decisions).Service);
        Assert.Equal(1, _h.Platform.SnapshotCalls);
    }

    [Fact]
    public async Task Reads_at_most_max_parallelism_pipelines_at_once()
    {
        _h.Options.MaxParallelism = 2;
        foreach (var service in new[] { "a", "b", "c", "d", "e", "f" })
        {
            _h.TwoStage(service, Rel.A, Rel.A, TimeSpan.FromHours(1));
        }

        var entered = 0;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Platform.SnapshotGate = async () =>
        {
            if (Interlocked.Increment(ref entered) >= 2)
            {
                full.TrySetResult();
            }

            await full.Task;
            await Task.Yield();
        };

        await _h.CycleAsync();

        Assert.Equal(6, _h.Platform.SnapshotCalls);
        Assert.Equal(2, _h.Platform.MaxConcurrentSnapshots);
    }
}
