using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

/// <summary>
/// A promotion's result ("is live" or "failed") is announced by the ledger's completion, in its transaction, and the
/// decision row that follows queues nothing: a crash between the two can no longer lose the reply, and it is queued once.
/// </summary>
public sealed class PromotionResultAnnouncementTests
{
    private readonly EngineHarness _h = new();

    /// <summary>Every announcement of a decision of <paramref name="kind"/>: with a completion or with a stored decision.</summary>
    private List<DecisionChanged> Queued(DecisionKind kind) =>
        [.. _h.MemoryLedger.Announcements.OfType<DecisionChanged>().Concat(_h.Decisions.Queued).Where(c => c.Current.Kind == kind)];

    [Fact]
    public async Task An_automatic_promotions_completion_carries_its_announcement_and_it_is_queued_once()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));

        var report = await _h.CycleAsync();

        var promoted = Assert.Single(report.Decisions);
        Assert.Equal(DecisionKind.Promoted, promoted.Kind);
        var announced = Assert.IsType<DecisionChanged>(Assert.Single(_h.MemoryLedger.Announcements));
        Assert.Same(promoted, announced.Current);
        Assert.Equal((DecisionKind.Promoting, "automatic"), (announced.Previous?.Kind, announced.Previous?.Detail));
        Assert.Single(Queued(DecisionKind.Promoted));
        // The row is stored without its announcement, still audited, published (to wake delivery) and counted as a change.
        Assert.Same(promoted, Assert.Single(_h.Decisions.Kept));
        Assert.Same(promoted, await _h.Decisions.GetLastAsync(promoted.PairKey, default));
        Assert.Single(_h.Notifier.Events.OfType<DecisionChanged>(), c => c.Current.Kind == DecisionKind.Promoted);
        Assert.Single(_h.Audit.Entries, e => e.Kind == AuditKind.Decision && e.Summary.Contains("PROMOTED", StringComparison.Ordinal));
        Assert.Equal(1, report.Changed);

        // The next cycle finds the pair in sync: that change is queued with its row as always, the result not again.
        var next = await _h.CycleAsync();
        Assert.Equal(DecisionKind.InSync, Assert.Single(next.Decisions).Kind);
        Assert.Single(Queued(DecisionKind.Promoted));
        Assert.Single(Queued(DecisionKind.InSync));
        Assert.Single(_h.Decisions.Kept);
    }

    [Fact]
    public async Task A_forced_promotions_completion_carries_its_announcement_and_it_is_queued_once()
    {
        var manifest = _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromMinutes(5), b => b.Checks(new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(4)) }));
        Assert.Equal(DecisionKind.Blocked, Assert.Single((await _h.CycleAsync()).Decisions).Kind);
        var blocked = await _h.Engine.EvaluatePairAsync(manifest, "production", CancellationToken.None);

        var forced = await _h.Engine.ForcePromoteAsync(blocked, PromotionTrigger.Forced, "U123", "hotfix for INC-7", CancellationToken.None);

        Assert.Equal((DecisionKind.Promoted, "forced by U123"), (forced.Kind, forced.Detail));
        var announced = Assert.IsType<DecisionChanged>(Assert.Single(_h.MemoryLedger.Announcements));
        Assert.Same(forced, announced.Current);
        Assert.Equal(DecisionKind.Blocked, announced.Previous?.Kind);
        Assert.Single(Queued(DecisionKind.Promoted));
        Assert.Same(forced, Assert.Single(_h.Decisions.Kept));
        Assert.Same(forced, _h.Engine.Latest(forced.PairKey));
    }

    [Fact]
    public async Task A_failed_promotions_completion_carries_its_announcement_and_it_is_queued_once()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        _h.Platform.OnPromote = (request, _) => Task.FromResult(PromotionResult.Failure("slug is missing", request.Targets));

        var failed = Assert.Single((await _h.CycleAsync()).Decisions);

        Assert.Equal(DecisionKind.Failed, failed.Kind);
        var announced = Assert.IsType<DecisionChanged>(Assert.Single(_h.MemoryLedger.Announcements));
        Assert.Same(failed, announced.Current);
        Assert.Contains("slug is missing", announced.Current.Detail, StringComparison.Ordinal);
        Assert.Same(failed, Assert.Single(_h.Decisions.Kept));
        Assert.Single(Queued(DecisionKind.Failed));

        // Not retried, not announced again.
        Assert.Equal(DecisionKind.Failed, Assert.Single((await _h.CycleAsync()).Decisions).Kind);
        Assert.Single(Queued(DecisionKind.Failed));
        Assert.Equal(1, _h.Platform.PromoteCalls);
    }
}
