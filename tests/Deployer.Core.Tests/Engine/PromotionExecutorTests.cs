using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Core.Tests.Fakes;
using NSubstitute;

namespace Deployer.Core.Tests.Engine;

public sealed class PromotionExecutorTests
{
    private readonly EngineHarness _h = new();

    private static PairDecision Router(Core.Engine.CycleReport report) => Assert.Single(report.Decisions, d => d.Service == "router");

    [Fact]
    public async Task Intent_is_recorded_before_the_platform_call_and_completed_after()
    {
        var ledger = Substitute.For<IPromotionLedger>();
        ledger.TryBeginAsync(default!, default(AuditEntry), default).ReturnsForAnyArgs(true);
        ledger.CompleteAsync(default!, default, default!, default, default, default, default).ReturnsForAnyArgs(true);
        ledger.GetRecentAsync(default, default, default).ReturnsForAnyArgs(Task.FromResult<IReadOnlyList<PromotionIntent>>([]));
        var platform = Substitute.For<IReleasePlatform>();
        platform.Kind.Returns("fake");
        platform.GetSnapshotAsync(default!, default).ReturnsForAnyArgs(c => _h.Platform.GetSnapshotAsync(c.Arg<ServiceManifest>(), default));
        platform.PromoteAsync(default!, default!, default).ReturnsForAnyArgs(c => PromotionResult.Success(c.Arg<PromotionRequest>().Targets));
        _h.Ledger = ledger;
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var engine = new Core.Engine.PromotionEngine(
            new InMemoryCatalog(_h.Manifests), new PlatformRegistry([platform]), Core.Engine.EngineSources.None,
            new Core.Engine.EngineState(_h.Holds, ledger, _h.Decisions, _h.Audit, _h.Notifier), _h.Options, _h.Time);

        var report = await engine.RunCycleAsync(CancellationToken.None);

        Assert.Equal(DecisionKind.Promoted, Router(report).Kind);
        Received.InOrder(() =>
        {
            ledger.TryBeginAsync(Arg.Is<PromotionIntent>(i => i.Commit == Rel.B && i.Targets.SequenceEqual(new[] { "router-production" })), Arg.Is<AuditEntry?>(e => e!.Kind == AuditKind.PromotionStarted), Arg.Any<CancellationToken>());
            platform.PromoteAsync(Arg.Any<PromotionRequest>(), Arg.Any<Func<string, Task>>(), Arg.Any<CancellationToken>());
            ledger.CompleteAsync(Arg.Any<string>(), PromotionOutcome.Succeeded, Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Is<AuditEntry?>(e => e!.Kind == AuditKind.PromotionSucceeded),
                Arg.Is<DeployerEvent?>(e => e as DecisionChanged != null && (e as DecisionChanged)!.Current.Kind == DecisionKind.Promoted), Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task The_platform_sees_an_open_intent_while_it_promotes()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        PromotionOutcome? during = null;
        _h.Platform.ExternalId = "rel-77";
        _h.Platform.OnPromote = (request, _) =>
        {
            during = Assert.Single(_h.MemoryLedger.All).Outcome;
            return Task.FromResult(PromotionResult.Success(request.Targets));
        };

        await _h.CycleAsync();

        Assert.Equal(PromotionOutcome.Open, during);
        var intent = Assert.Single(_h.MemoryLedger.All);
        Assert.Equal((PromotionOutcome.Succeeded, "rel-77", PromotionTrigger.Automatic), (intent.Outcome, intent.ExternalId, intent.Trigger));
        Assert.Equal([AuditKind.PromotionStarted, AuditKind.PromotionSucceeded], _h.Audit.Entries.Where(e => e.Kind != AuditKind.Decision).Select(e => e.Kind));
    }

    [Fact]
    public async Task Failed_promotion_is_not_retried_for_the_same_commit()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Platform.OnPromote = (request, _) => Task.FromResult(PromotionResult.Failure("slug is missing", request.Targets));

        var first = Router(await _h.CycleAsync());
        var notified = _h.Notifier.Changes.Count;
        var second = Router(await _h.CycleAsync());

        Assert.Equal(DecisionKind.Failed, first.Kind);
        Assert.Contains("slug is missing", first.Detail);
        Assert.Equal(DecisionKind.Failed, second.Kind);
        Assert.Equal(1, _h.Platform.PromoteCalls);
        Assert.Equal(notified, _h.Notifier.Changes.Count);
        Assert.Equal(PromotionOutcome.Failed, Assert.Single(_h.MemoryLedger.All).Outcome);
    }

    [Fact]
    public async Task Failed_promotion_is_not_retried_after_a_blocked_cycle_in_between()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2), b => b.Checks(new ChecksSpec
        {
            Alerts = [new AlertSpec { Name = "RouterDown", Source = "alertmanager", AlertId = 1 }],
        }));
        _h.Alerts.Ok("RouterDown");
        _h.Platform.OnPromote = (request, _) => Task.FromResult(PromotionResult.Failure("slug is missing", request.Targets));
        await _h.CycleAsync();

        _h.Alerts.Firing("RouterDown");
        Assert.Equal(DecisionKind.Blocked, Router(await _h.CycleAsync()).Kind);
        _h.Alerts.Ok("RouterDown");
        var third = Router(await _h.CycleAsync());

        Assert.Equal(DecisionKind.Failed, third.Kind);
        Assert.Contains("not retried automatically", third.Detail);
        Assert.Equal(1, _h.Platform.PromoteCalls);
    }

    [Fact]
    public async Task A_new_commit_after_a_failed_promotion_is_promoted()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Platform.OnPromote = (request, _) => Task.FromResult(PromotionResult.Failure("slug is missing", request.Targets));
        await _h.CycleAsync();

        _h.Platform.OnPromote = null;
        _h.Platform.Set("router-staging", Rel.Of(Rel.C, EngineHarness.Now.AddHours(-1)));
        var decision = Router(await _h.CycleAsync());

        Assert.Equal(DecisionKind.Promoted, decision.Kind);
        Assert.Equal(Rel.C, _h.Platform.Current("router-production")?.Commit);
    }

    [Fact]
    public async Task Promotion_that_never_answers_fails_after_the_promotion_timeout()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Platform.OnPromote = async (request, ct) =>
        {
            await new TaskCompletionSource().Task.WaitAsync(ct);
            return PromotionResult.Success(request.Targets);
        };

        var cycle = _h.CycleAsync();
        await _h.Time.TimersCreated(_h.Options.PromotionTimeout);
        _h.Time.Advance(_h.Options.PromotionTimeout);
        var decision = Router(await cycle);

        Assert.Equal(DecisionKind.Failed, decision.Kind);
        Assert.Contains("no answer within 15m", decision.Detail);
        Assert.Equal(PromotionOutcome.Failed, Assert.Single(_h.MemoryLedger.All).Outcome);
    }

    [Fact]
    public async Task Force_promote_promotes_despite_failing_checks_and_records_who()
    {
        var manifest = _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromMinutes(5), b => b.Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(4)) }));
        var blocked = await _h.Engine.EvaluatePairAsync(manifest, "production", CancellationToken.None);
        Assert.Equal(DecisionKind.Blocked, blocked.Kind);

        var forced = await _h.Engine.ForcePromoteAsync(blocked, PromotionTrigger.Forced, "U123", "hotfix for INC-7", CancellationToken.None);

        Assert.Equal(DecisionKind.Promoted, forced.Kind);
        Assert.Equal("forced by U123", forced.Detail);
        Assert.Equal(Rel.B, _h.Platform.Current("router-production")?.Commit);
        var intent = Assert.Single(_h.MemoryLedger.All);
        Assert.Equal((PromotionTrigger.Forced, "U123", PromotionOutcome.Succeeded), (intent.Trigger, intent.Actor, intent.Outcome));
        Assert.Contains(_h.Audit.Entries, e => e.Kind == AuditKind.PromotionStarted && e.Summary.Contains("hotfix for INC-7", StringComparison.Ordinal));
        Assert.Equal(DecisionKind.Promoted, _h.Engine.Latest(blocked.PairKey)?.Kind);
    }

    [Fact]
    public async Task Reconcile_settles_open_intents_against_the_platform_without_promoting()
    {
        _h.TwoStage("router", Rel.B, Rel.B, TimeSpan.FromHours(2));
        _h.TwoStage("billing", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.MemoryLedger.Seed(Intent("router", "landed"));
        _h.MemoryLedger.Seed(Intent("billing", "lost"));

        var settled = await _h.Engine.ReconcileAsync(CancellationToken.None);

        Assert.Equal(2, settled);
        Assert.Equal(PromotionOutcome.Succeeded, _h.MemoryLedger.All.Single(i => i.Id == "landed").Outcome);
        Assert.Equal(PromotionOutcome.Abandoned, _h.MemoryLedger.All.Single(i => i.Id == "lost").Outcome);
        Assert.Empty(_h.Platform.Promotions);
        Assert.Equal(2, _h.Audit.Entries.Count(e => e.Kind == AuditKind.PromotionReconciled));
        Assert.Empty(await _h.Ledger.GetOpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_resumes_a_promotion_the_platform_can_follow()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.MemoryLedger.Seed(Intent("router", "resumable") with { ExternalId = "rel-9" });
        _h.Platform.OnResume = id => id == "rel-9" ? PromotionResult.Success(["router-production"], "released") : null;

        await _h.Engine.ReconcileAsync(CancellationToken.None);

        var intent = Assert.Single(_h.MemoryLedger.All);
        Assert.Equal(PromotionOutcome.Succeeded, intent.Outcome);
        Assert.Contains("resumed rel-9", intent.Message);
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task Reconcile_abandons_intents_of_services_without_a_manifest()
    {
        _h.MemoryLedger.Seed(Intent("gone", "orphan"));

        await _h.Engine.ReconcileAsync(CancellationToken.None);

        Assert.Equal(PromotionOutcome.Abandoned, Assert.Single(_h.MemoryLedger.All).Outcome);
    }

    [Fact]
    public async Task An_unrecorded_call_that_may_still_run_is_watched_until_it_lands_and_never_promoted_again()
    {
        // Heroku: the bot died between POST /pipeline-promotions and recording the promotion's id.
        _h.Platform.UnrecordedPromotionsNeverStarted = false;
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.MemoryLedger.Seed(Intent("router", "posted"));

        var settling = await _h.Engine.StartReconcileAsync(CancellationToken.None);
        await _h.Time.TimersCreated(TimeSpan.FromSeconds(15));
        Assert.False(settling.IsCompleted);
        Assert.Equal(PromotionOutcome.Open, Assert.Single(_h.MemoryLedger.All).Outcome);
        var cycle = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Promoting, cycle.Decisions.Single().Kind);

        _h.Platform.Set("router-production", Rel.Of(Rel.B, _h.Time.GetUtcNow(), 2));
        _h.Time.Advance(TimeSpan.FromSeconds(15));
        await settling.WaitAsync(TimeSpan.FromSeconds(10));

        var intent = Assert.Single(_h.MemoryLedger.All);
        Assert.Equal(PromotionOutcome.Succeeded, intent.Outcome);
        Assert.Empty(_h.Platform.Promotions);
    }

    [Fact]
    public async Task An_unrecorded_call_that_never_lands_is_abandoned_only_after_the_promotion_timeout()
    {
        _h.Platform.UnrecordedPromotionsNeverStarted = false;
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.MemoryLedger.Seed(Intent("router", "posted"));

        var settling = await _h.Engine.StartReconcileAsync(CancellationToken.None);
        // Started 3 minutes ago with a 15-minute timeout: 12 minutes of watching, every 15 seconds.
        for (var i = 1; i < 48; i++)
        {
            await _h.Time.TimersCreated(TimeSpan.FromSeconds(15), i);
            Assert.False(settling.IsCompleted, $"settled after {i - 1} polls");
            _h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        await _h.Time.TimersCreated(TimeSpan.FromSeconds(15), 48);
        _h.Time.Advance(TimeSpan.FromSeconds(15));
        await settling.WaitAsync(TimeSpan.FromSeconds(10));

        var intent = Assert.Single(_h.MemoryLedger.All);
        Assert.Equal(PromotionOutcome.Abandoned, intent.Outcome);
        Assert.Contains("no sign of the promotion within 15m", intent.Message, StringComparison.Ordinal);
        Assert.Empty(_h.Platform.Promotions);
    }

    private static PromotionIntent Intent(string service, string id) => new()
    {
        Id = id,
        Service = service,
        From = "staging",
        To = "production",
        Commit = Rel.B,
        SourceTarget = $"{service}-staging",
        Targets = [$"{service}-production"],
        StartedAt = EngineHarness.Now.AddMinutes(-3),
    };
}
