using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Promotions;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

/// <summary>
/// A promotion left open by a crash is settled (its adopted script ended) while a cycle reads the pipeline: the
/// snapshot may predate the promotion's effect, so the cycle must not promote the pair again on it.
/// </summary>
public sealed class AutoPromoterRaceTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task A_promotion_that_ends_while_the_cycle_reads_is_not_started_again_on_that_picture()
    {
        _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var adopted = new PromotionIntent
        {
            Service = "router", From = "staging", To = "production", Commit = Rel.B, SourceTarget = "router-staging",
            Targets = ["router-production"], StartedAt = _h.Time.GetUtcNow().AddMinutes(-1),
        };
        Assert.True(await _h.Ledger.TryBeginAsync(adopted, default));
        var settled = false;
        _h.Platform.SnapshotGate = async () =>
        {
            if (!settled)
            {
                // The snapshot is already taken (production still on A); the adopted run ends a second later.
                settled = true;
                _h.Time.Advance(TimeSpan.FromSeconds(1));
                await _h.Ledger.CompleteAsync(adopted.Id, PromotionOutcome.Succeeded, "adopted run ended", _h.Time.GetUtcNow(), default);
            }
        };

        var first = await _h.Engine.RunCycleAsync(CancellationToken.None);

        var decision = Assert.Single(first.Decisions);
        Assert.Equal((DecisionKind.Promoting, AutoPromoter.JustEnded), (decision.Kind, decision.Detail));
        Assert.Equal(0, _h.Platform.PromoteCalls);

        // The next cycle reads afresh: had the run not changed production, it would promote now.
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        var second = await _h.Engine.RunCycleAsync(CancellationToken.None);
        Assert.Equal(DecisionKind.Promoted, Assert.Single(second.Decisions).Kind);
        Assert.Equal(1, _h.Platform.PromoteCalls);
    }
}
