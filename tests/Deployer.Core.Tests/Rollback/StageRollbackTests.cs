using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Rollback;

public sealed class StageRollbackTests
{
    private readonly EngineHarness _h = new();

    private static RollbackRequest Ask(string actor = "U0ALICE", string reason = "5xx spike") => new("router", "production", actor, reason);

    /// <summary>staging on B, production promoted from A (release r-aaaaaaa-1) to B by one cycle.</summary>
    private async Task PromotedAsync()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var report = await _h.CycleAsync();
        Assert.Equal(DecisionKind.Promoted, Assert.Single(report.Decisions).Kind);
    }

    [Fact]
    public async Task A_promotion_records_what_each_target_ran_before_it()
    {
        await PromotedAsync();

        var intent = Assert.Single(_h.MemoryLedger.All);
        Assert.Equal(IntentKind.Promote, intent.Kind);
        var previous = Assert.Single(intent.Previous);
        Assert.Equal(new PreviousRelease("router-production", "r-aaaaaaa-1", Rel.A, 1), previous);
    }

    [Fact]
    public async Task Rollback_returns_the_targets_to_the_previous_release_with_intent_first_and_outcome_after()
    {
        await PromotedAsync();
        PromotionOutcome? during = null;
        _h.Platform.OnRollback = (plan, _) =>
        {
            during = _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Rollback).Outcome;
            _h.Platform.Set("router-production", Rel.Of(Rel.A, EngineHarness.Now));
            return Task.FromResult(PromotionResult.Success(plan.TargetNames, "rolled back"));
        };

        var outcome = await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal((Rel.B, Rel.A), (outcome.FromCommit, outcome.ToCommit));
        Assert.Equal(PromotionOutcome.Open, during);
        var plan = Assert.Single(_h.Platform.Rollbacks);
        Assert.Equal(("router-production", "r-aaaaaaa-1", Rel.A), (plan.Targets[0].Target, plan.Targets[0].ReleaseId, plan.Targets[0].Commit));
        var intent = _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Rollback);
        Assert.Equal((PromotionOutcome.Succeeded, "U0ALICE", Rel.B, "5xx spike"), (intent.Outcome, intent.Actor, intent.FromCommit, intent.Reason));
        Assert.Equal(Rel.A, _h.Platform.Current("router-production")?.Commit);
    }

    [Fact]
    public async Task Rollback_is_audited_with_actor_reason_and_both_commits_and_announced()
    {
        await PromotedAsync();

        await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        var requested = Assert.Single(_h.Audit.Entries, e => e.Kind == AuditKind.RollbackRequested);
        var done = Assert.Single(_h.Audit.Entries, e => e.Kind == AuditKind.RolledBack);
        foreach (var entry in new[] { requested, done })
        {
            Assert.Equal("U0ALICE", entry.Actor);
            Assert.Equal(("5xx spike", Rel.B, Rel.A), (entry.Data["reason"], entry.Data["from-commit"], entry.Data["to-commit"]));
        }

        var started = Assert.Single(_h.Notifier.Events.OfType<RollbackStarted>());
        var completed = Assert.Single(_h.Notifier.Events.OfType<RollbackCompleted>());
        Assert.Equal((Rel.B, "aaaaaaa"), (started.Rollback.PromotionCommit, started.Rollback.ToShort));
        Assert.True(completed.Succeeded);
        Assert.False(completed.AfterRestart);
    }

    [Fact]
    public async Task Rollback_holds_a_free_stage_so_the_next_cycle_does_not_promote_the_commit_back()
    {
        await PromotedAsync();

        await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);
        var next = Assert.Single((await _h.CycleAsync()).Decisions);

        var hold = Assert.Single(await _h.Holds.GetActiveAsync("router", EngineHarness.Now, CancellationToken.None));
        Assert.Equal(("production", "U0ALICE", (DateTimeOffset?)null), (hold.Stage, hold.By, hold.Until));
        Assert.Contains("rolled back from bbbbbbb", hold.Reason);
        Assert.Equal(DecisionKind.Held, next.Kind);
        Assert.Equal(1, _h.Platform.PromoteCalls);
        Assert.Equal(Rel.A, _h.Platform.Current("router-production")?.Commit);
    }

    [Fact]
    public async Task Rollback_keeps_an_existing_hold_untouched()
    {
        await PromotedAsync();
        var existing = new Hold { Service = "router", Stage = "production", Reason = "verification failed: alerts", By = "deployer", CreatedAt = EngineHarness.Now };
        await _h.Holds.AddAsync(existing, CancellationToken.None);

        await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.Equal(existing, Assert.Single(await _h.Holds.GetActiveAsync("router", EngineHarness.Now, CancellationToken.None)));
        Assert.DoesNotContain(_h.Notifier.Events, e => e is HoldPlaced or HoldLifted);
    }

    [Fact]
    public async Task Refuses_when_no_promotion_into_the_stage_is_recorded_naming_what_to_do_by_hand()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));

        var outcome = await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.True(outcome.Refused);
        Assert.Contains("No completed promotion into router production is recorded", outcome.Message);
        Assert.Contains("by hand", outcome.Message);
        Assert.Empty(_h.MemoryLedger.All);
        Assert.Empty(_h.Platform.Rollbacks);
    }

    [Fact]
    public async Task Refuses_when_the_last_promotion_recorded_no_previous_release()
    {
        _h.TwoStage("router", Rel.B, Rel.B, TimeSpan.FromHours(2));
        _h.MemoryLedger.Seed(new PromotionIntent
        {
            Service = "router", From = "staging", To = "production", Commit = Rel.B, SourceTarget = "router-staging",
            Targets = ["router-production"], StartedAt = EngineHarness.Now.AddHours(-1), Outcome = PromotionOutcome.Succeeded,
        });

        var outcome = await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.True(outcome.Refused);
        Assert.Contains("recorded no previous release", outcome.Message);
        Assert.Single(_h.MemoryLedger.All);
    }

    [Fact]
    public async Task Refuses_on_a_platform_that_cannot_roll_back()
    {
        await PromotedAsync();
        _h.Platform.RollbackRefusal = "router has no platform.rollback command";

        var outcome = await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.True(outcome.Refused);
        Assert.Contains("router has no platform.rollback command", outcome.Message);
        Assert.Empty(_h.Platform.Rollbacks);
    }

    [Fact]
    public async Task Refuses_the_first_stage()
    {
        await PromotedAsync();

        var outcome = await _h.StageRollback.RollbackAsync(Ask() with { Stage = "staging" }, CancellationToken.None);

        Assert.True(outcome.Refused);
        Assert.Contains("first stage", outcome.Message);
    }

    [Fact]
    public async Task A_second_rollback_of_the_same_promotion_is_refused()
    {
        await PromotedAsync();
        await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        var second = await _h.StageRollback.RollbackAsync(Ask("U0BOB"), CancellationToken.None);

        Assert.True(second.Refused);
        Assert.Contains("already rolled back", second.Message);
        Assert.Single(_h.Platform.Rollbacks);
    }

    [Fact]
    public async Task A_failed_rollback_is_recorded_and_leaves_the_stage_held()
    {
        await PromotedAsync();
        _h.Platform.OnRollback = (plan, _) => Task.FromResult(PromotionResult.Failure("release not found", plan.TargetNames));

        var outcome = await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.False(outcome.Succeeded || outcome.Refused);
        Assert.Contains("release not found", outcome.Message);
        Assert.Equal(PromotionOutcome.Failed, _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Rollback).Outcome);
        Assert.Single(_h.Audit.Entries, e => e.Kind == AuditKind.RollbackFailed);
        Assert.False(Assert.Single(_h.Notifier.Events.OfType<RollbackCompleted>()).Succeeded);
        Assert.Single(await _h.Holds.GetActiveAsync("router", EngineHarness.Now, CancellationToken.None));
    }

    [Fact]
    public async Task An_open_rollback_left_by_a_crash_is_abandoned_at_start_without_a_second_rollback()
    {
        await PromotedAsync();
        _h.MemoryLedger.Seed(OpenRollback());

        var settled = await _h.Engine.ReconcileAsync(CancellationToken.None);

        Assert.Equal(1, settled);
        Assert.Empty(_h.Platform.Rollbacks);
        var intent = _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Rollback);
        Assert.Equal(PromotionOutcome.Abandoned, intent.Outcome);
        Assert.Contains("not run again", intent.Message);
        Assert.True(Assert.Single(_h.Notifier.Events.OfType<RollbackCompleted>()).AfterRestart);
    }

    [Fact]
    public async Task An_open_rollback_whose_targets_are_back_is_settled_as_rolled_back()
    {
        await PromotedAsync();
        _h.MemoryLedger.Seed(OpenRollback());
        _h.Platform.Set("router-production", Rel.Of(Rel.A, EngineHarness.Now, 3));

        await _h.Engine.ReconcileAsync(CancellationToken.None);

        Assert.Empty(_h.Platform.Rollbacks);
        Assert.Equal(PromotionOutcome.Succeeded, _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Rollback).Outcome);
        Assert.Single(_h.Audit.Entries, e => e.Kind == AuditKind.RolledBack && e.Actor == "engine");
    }

    [Fact]
    public async Task An_open_rollback_with_a_recorded_platform_id_is_resumed_not_rerun()
    {
        await PromotedAsync();
        _h.MemoryLedger.Seed(OpenRollback() with { ExternalId = "rb-9" });
        _h.Platform.OnResumeRollback = id => id == "rb-9" ? PromotionResult.Success(["router-production"], "release v3 succeeded") : null;

        await _h.Engine.ReconcileAsync(CancellationToken.None);

        Assert.Empty(_h.Platform.Rollbacks);
        var intent = _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Rollback);
        Assert.Equal(PromotionOutcome.Succeeded, intent.Outcome);
        Assert.Contains("resumed rb-9", intent.Message);
    }

    [Fact]
    public async Task While_a_rollback_is_open_the_pair_is_not_promoted_and_a_second_rollback_is_refused()
    {
        await PromotedAsync();
        _h.Platform.Set("router-production", Rel.Of(Rel.A, EngineHarness.Now, 3));
        _h.MemoryLedger.Seed(OpenRollback());

        var cycle = Assert.Single((await _h.CycleAsync()).Decisions);
        var second = await _h.StageRollback.RollbackAsync(Ask(), CancellationToken.None);

        Assert.Equal(DecisionKind.Promoting, cycle.Kind);
        Assert.Equal(1, _h.Platform.PromoteCalls);
        Assert.True(second.Refused);
        Assert.Contains("in flight", second.Message);
    }

    private PromotionIntent OpenRollback()
    {
        var promotion = _h.MemoryLedger.All.Single(i => i.Kind == IntentKind.Promote);
        return new PromotionIntent
        {
            Kind = IntentKind.Rollback, Service = "router", From = "staging", To = "production", Commit = Rel.A, Version = 1,
            SourceTarget = "", Targets = ["router-production"], Previous = promotion.Previous, FromCommit = Rel.B,
            RollbackOf = promotion.Id, Reason = "5xx spike", Actor = "U0ALICE", StartedAt = EngineHarness.Now,
        };
    }
}
