using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Tests.Fakes;
using Deployer.Core.Verification;
using NSubstitute;

namespace Deployer.Core.Tests.Verification;

/// <summary>A failing health check in the window: hold by deployer, rejection of the commit, rollback when asked for.</summary>
public sealed class VerificationFailureTests
{
    private const string Firing = "router is up: firing (RouterDown severity=critical)";
    private readonly EngineHarness _h = new();

    private async Task<StageVerification> FailedAsync(Func<ManifestBuilder, ManifestBuilder>? shape = null)
    {
        await VerificationWindowTests.PromotedAsync(_h, shape);
        await _h.CycleAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(4));
        _h.Alerts.Firing(VerificationWindowTests.RouterUp.Name, "RouterDown severity=critical");
        await _h.CycleAsync();
        return (await VerificationWindowTests.StageAsync(_h, "production"))!;
    }

    private Task<IReadOnlyList<Holds.Hold>> HoldsAsync() => _h.Holds.GetActiveAsync("router", _h.Time.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task A_firing_alert_in_the_window_fails_it_holds_the_stage_and_rejects_the_commit()
    {
        var failed = await FailedAsync();

        Assert.Equal(VerificationState.Failed, failed.State);
        Assert.Equal($"alerts: {Firing}", failed.Reason);
        Assert.True(failed.HoldPlaced);
        var rejected = Assert.Single(failed.Rejected);
        Assert.Equal((Rel.B, $"alert {Firing}", EngineHarness.Now.AddMinutes(4)), (rejected.Commit, rejected.Reason, rejected.At));

        var hold = Assert.Single(await HoldsAsync());
        Assert.Equal(("production", "deployer", (DateTimeOffset?)null), (hold.Stage, hold.By, hold.Until));
        Assert.Equal($"verification failed: alerts: {Firing}", hold.Reason);

        var announced = Assert.IsType<VerificationFailed>(Assert.Single(_h.Verifications.Queued));
        Assert.Equal(("alerts", Firing, VerifyFailureAction.Hold), (announced.Check, announced.CheckReason, announced.OnFailure));
        Assert.Contains(_h.Notifier.Events, e => e is HoldPlaced p && p.Hold.By == "deployer");
        var audit = Assert.Single(_h.Audit.Entries, a => a.Kind == AuditKind.VerificationFailed);
        Assert.Equal($"bbbbbbb failed verification in production at 14:24 UTC (alert {Firing}); holding production", audit.Summary);
    }

    [Fact]
    public async Task A_shadow_alert_firing_is_not_a_failure()
    {
        await VerificationWindowTests.PromotedAsync(_h, b => b.Checks(new ChecksSpec { Alerts = [VerificationWindowTests.RouterUp with { Mode = CheckMode.Shadow }] }));
        await _h.CycleAsync();
        _h.Alerts.Firing(VerificationWindowTests.RouterUp.Name);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.CycleAsync();

        Assert.Equal(VerificationState.Verified, (await VerificationWindowTests.StageAsync(_h, "production"))!.State);
        Assert.Empty(await HoldsAsync());
    }

    [Fact]
    public async Task An_alert_scoped_to_another_stage_does_not_fail_the_window()
    {
        var staging = VerificationWindowTests.RouterUp with { Name = "staging only", AlertId = 2, Stages = ["staging"] };
        await VerificationWindowTests.PromotedAsync(_h, b => b.Checks(new ChecksSpec { Alerts = [VerificationWindowTests.RouterUp, staging] }));
        _h.Alerts.Firing("staging only");
        await _h.CycleAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.CycleAsync();

        Assert.Equal(VerificationState.Verified, (await VerificationWindowTests.StageAsync(_h, "production"))!.State);
    }

    [Fact]
    public async Task An_open_incident_in_the_window_fails_it()
    {
        await VerificationWindowTests.PromotedAsync(_h, b => b.Checks(c => c with { Incidents = new IncidentsSpec(["PROUTER"]) }));
        await _h.CycleAsync();
        _h.Incidents.Open.Enqueue(new Incident("Q1", "PROUTER", "triggered", "5xx spike"));
        await _h.CycleAsync();

        var failed = (await VerificationWindowTests.StageAsync(_h, "production"))!;
        Assert.Equal(VerificationState.Failed, failed.State);
        Assert.Equal("incident Q1 on PROUTER is triggered: 5xx spike", Assert.Single(failed.Rejected).Reason);
    }

    [Fact]
    public async Task The_rejection_survives_a_resume_and_a_hand_rollback_no_cycle_promotes_the_commit_again()
    {
        await FailedAsync();
        _h.Alerts.Ok(VerificationWindowTests.RouterUp.Name);
        _h.Platform.Set("router-production", Rel.Of(Rel.A, _h.Time.GetUtcNow(), 9));
        await _h.Holds.LiftAsync("router", "production", "alice", _h.Time.GetUtcNow(), CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            _h.Time.Advance(TimeSpan.FromMinutes(30));
            var report = await _h.CycleAsync();
            var pair = Assert.Single(report.Decisions);
            Assert.Equal(DecisionKind.Blocked, pair.Kind);
            var rejected = Assert.Single(pair.BlockingChecks);
            Assert.Equal(CheckNames.Rejected, rejected.Check);
            Assert.Equal($"bbbbbbb failed verification in production at 14:24 UTC (alert {Firing})", rejected.Reason);
            Assert.Equal($"rejected: bbbbbbb failed verification in production at 14:24 UTC (alert {Firing})", DecisionText.Check(rejected));
        }

        Assert.Single(_h.Platform.Promotions);
        Assert.Empty(await HoldsAsync());
    }

    [Fact]
    public async Task A_different_upstream_commit_clears_the_rejection_and_is_promoted_once_the_hold_is_lifted()
    {
        await FailedAsync();
        _h.Alerts.Ok(VerificationWindowTests.RouterUp.Name);
        _h.Platform.Set("router-staging", Rel.Of(Rel.C, _h.Time.GetUtcNow().AddHours(-1), 3));

        var held = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Held, Assert.Single(held.Decisions).Kind);
        Assert.Empty((await VerificationWindowTests.StageAsync(_h, "production"))!.Rejected);

        await _h.Holds.LiftAsync("router", "production", "alice", _h.Time.GetUtcNow(), CancellationToken.None);
        var report = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(report.Decisions).Kind);
        Assert.Equal(Rel.C, _h.Platform.Current("router-production")?.Commit);
    }

    [Fact]
    public async Task A_force_promote_of_the_rejected_commit_clears_its_rejection_and_starts_a_new_window()
    {
        await FailedAsync();
        _h.Alerts.Ok(VerificationWindowTests.RouterUp.Name);
        _h.Platform.Set("router-production", Rel.Of(Rel.A, _h.Time.GetUtcNow(), 9));
        await _h.Holds.LiftAsync("router", "production", "alice", _h.Time.GetUtcNow(), CancellationToken.None);
        var blocked = Assert.Single((await _h.CycleAsync()).Decisions);
        Assert.Equal(CheckNames.Rejected, Assert.Single(blocked.BlockingChecks).Check);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var forced = await _h.Engine.ForcePromoteAsync(blocked, PromotionTrigger.Forced, "alice", "the alert was a false alarm", CancellationToken.None);
        Assert.Equal(DecisionKind.Promoted, forced.Kind);
        await _h.CycleAsync();

        var renewed = (await VerificationWindowTests.StageAsync(_h, "production"))!;
        Assert.Equal((VerificationState.Verifying, Rel.B), (renewed.State, renewed.Commit));
        Assert.Empty(renewed.Rejected);
        Assert.Equal(_h.Time.GetUtcNow(), renewed.StartedAt);
    }

    [Fact]
    public async Task A_hold_that_could_not_be_placed_with_the_failure_is_placed_at_the_next_evaluation()
    {
        await VerificationWindowTests.PromotedAsync(_h);
        await _h.CycleAsync();
        _h.Alerts.Firing(VerificationWindowTests.RouterUp.Name, "RouterDown severity=critical");
        _h.Holds.PlaceFailure = new IOException("store went away");

        await _h.CycleAsync();
        var failed = (await VerificationWindowTests.StageAsync(_h, "production"))!;
        Assert.Equal((VerificationState.Failed, false), (failed.State, failed.HoldPlaced));
        Assert.Empty(await HoldsAsync());

        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.CycleAsync();
        Assert.True((await VerificationWindowTests.StageAsync(_h, "production"))!.HoldPlaced);
        Assert.Equal("deployer", Assert.Single(await HoldsAsync()).By);
        Assert.Single(_h.Verifications.Queued.OfType<VerificationFailed>());
    }

    [Fact]
    public async Task A_resumed_stage_is_not_held_again_for_the_same_failure()
    {
        await FailedAsync();
        await _h.Holds.LiftAsync("router", "production", "alice", _h.Time.GetUtcNow(), CancellationToken.None);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.CycleAsync();

        Assert.Empty(await HoldsAsync());
        Assert.Single(_h.Notifier.Events.OfType<VerificationFailed>());
    }

    [Fact]
    public async Task On_failure_rollback_holds_then_asks_the_rollback_port_once()
    {
        var rollback = Substitute.For<IStageRollback>();
        rollback.RollbackAsync(Arg.Any<RollbackRequest>(), Arg.Any<CancellationToken>())
            .Returns(new RollbackOutcome(true, false, "rolled back", Rel.B, Rel.A));
        _h.Rollback = rollback;

        var failed = await FailedAsync(b => b);
        Assert.Equal(VerificationState.Failed, failed.State);
        // onFailure defaults to hold: no rollback.
        await rollback.DidNotReceiveWithAnyArgs().RollbackAsync(default!, default);

        var h = new EngineHarness { Rollback = rollback };
        h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2), b => b.Checks(new ChecksSpec { Alerts = [VerificationWindowTests.RouterUp] }));
        h.Manifests[0] = h.Manifests[0] with { Verify = new VerifySpec(TimeSpan.FromMinutes(10), VerifyFailureAction.Rollback) };
        h.Alerts.Ok(VerificationWindowTests.RouterUp.Name);
        await h.CycleAsync();
        await h.CycleAsync();
        h.Alerts.Firing(VerificationWindowTests.RouterUp.Name, "RouterDown severity=critical");
        await h.CycleAsync();
        await h.CycleAsync();

        await rollback.Received(1).RollbackAsync(
            new RollbackRequest("router", "production", "deployer", $"verification failed: alerts: {Firing}"), Arg.Any<CancellationToken>());
        var done = (await h.Verifications.GetAsync("router", "production", CancellationToken.None))!;
        Assert.True(done.HoldPlaced && done.RollbackDone);
        Assert.Equal(VerifyFailureAction.Rollback, Assert.IsType<VerificationFailed>(Assert.Single(h.Verifications.Queued)).OnFailure);
        Assert.Single(await h.Holds.GetActiveAsync("router", h.Time.GetUtcNow(), CancellationToken.None));
    }
}
