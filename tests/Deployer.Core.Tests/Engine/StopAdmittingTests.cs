using Deployer.Core.Decisions;
using Deployer.Core.Releases;
using Deployer.Core.Tests.Fakes;

namespace Deployer.Core.Tests.Engine;

/// <summary>A stopping host starts no further pipeline of a cycle; the pipelines under way finish with their promotions.</summary>
public sealed class StopAdmittingTests
{
    private readonly EngineHarness _h = new();

    private void Pipelines(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _h.TwoStage($"svc-{i:D2}", Rel.B, Rel.A, TimeSpan.FromHours(2));
        }
    }

    [Fact]
    public async Task Stopping_during_a_cycle_finishes_the_promotions_under_way_and_starts_no_other_pipeline()
    {
        Pipelines(20);
        using var stopping = new CancellationTokenSource();
        var promoting = 0;
        _h.Platform.OnPromote = async (request, _) =>
        {
            // The host starts stopping while the first promotions run.
            if (Interlocked.Increment(ref promoting) == 1)
            {
                await stopping.CancelAsync();
            }

            return PromotionResult.Success(request.Targets);
        };

        var report = await _h.Engine.RunCycleAsync(CancellationToken.None, stopping.Token);

        // At most the pipelines already taken by the workers (Engine:MaxParallelism 4 here) were decided, and each of
        // them promoted to the end: none was cut off mid-promotion.
        Assert.InRange(report.Decisions.Count, 1, _h.Options.MaxParallelism);
        Assert.All(report.Decisions, d => Assert.Equal(DecisionKind.Promoted, d.Kind));
        Assert.Equal(report.Decisions.Count, _h.Platform.PromoteCalls);
        Assert.Empty(await _h.Ledger.GetOpenAsync(CancellationToken.None));
        Assert.True(_h.Platform.SnapshotCalls < 20, $"{_h.Platform.SnapshotCalls} snapshots read after stopping");
    }

    [Fact]
    public async Task Without_stopping_every_pipeline_is_decided()
    {
        Pipelines(20);

        var report = await _h.Engine.RunCycleAsync(CancellationToken.None, CancellationToken.None);

        Assert.Equal(20, report.Decisions.Count(d => d.Kind == DecisionKind.Promoted));
    }
}
