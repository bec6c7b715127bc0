using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;

namespace Deployer.Core.Commands;

/// <summary>Force-promotes through the real engine, so they are recorded, audited and announced like any promotion.</summary>
public sealed class EnginePairPromoter(PromotionEngine engine) : IPairPromoter
{
    public Task<PairDecision> EvaluatePairAsync(ServiceManifest manifest, string toStage, CancellationToken cancellationToken) =>
        engine.EvaluatePairAsync(manifest, toStage, cancellationToken);

    public PairDecision? Latest(string pairKey) => engine.Latest(pairKey);

    public Task<PairDecision> ForcePromoteAsync(PairDecision decision, PromotionTrigger trigger, string actor, string reason, CancellationToken cancellationToken) =>
        engine.ForcePromoteAsync(decision, trigger, actor, reason, cancellationToken);
}
