using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;

namespace Deployer.Core.Tests.Commands.Fakes;

internal sealed class FakePairPromoter : IPairPromoter
{
    public PairDecision Current { get; set; } = CommandFixtures.Blocked();
    public PairDecision? LatestDecision { get; set; }
    public bool FailPromotion { get; set; }
    public List<(PairDecision Decision, PromotionTrigger Trigger, string Actor, string Reason)> Promotions { get; } = [];

    public Task<PairDecision> EvaluatePairAsync(ServiceManifest manifest, string toStage, CancellationToken cancellationToken) =>
        Task.FromResult(Current);

    public PairDecision? Latest(string pairKey) => LatestDecision;

    public Task<PairDecision> ForcePromoteAsync(PairDecision decision, PromotionTrigger trigger, string actor, string reason, CancellationToken cancellationToken)
    {
        lock (Promotions)
        {
            Promotions.Add((decision, trigger, actor, reason));
        }

        var how = trigger == PromotionTrigger.BreakGlass ? $"break-glass by {actor}" : $"forced by {actor}";
        return Task.FromResult(decision with
        {
            Kind = FailPromotion ? DecisionKind.Failed : DecisionKind.Promoted,
            Detail = FailPromotion ? $"{how}: router-prod-eu: boom" : how,
        });
    }
}
