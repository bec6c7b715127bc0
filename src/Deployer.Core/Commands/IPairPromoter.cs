using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;

namespace Deployer.Core.Commands;

/// <summary>The slice of the engine force-promotes need (the engine itself, or a fake in tests).</summary>
public interface IPairPromoter
{
    Task<PairDecision> EvaluatePairAsync(ServiceManifest manifest, string toStage, CancellationToken cancellationToken);

    /// <summary>The engine's newest decision for a pair, from memory; null when none yet.</summary>
    PairDecision? Latest(string pairKey);

    Task<PairDecision> ForcePromoteAsync(PairDecision decision, PromotionTrigger trigger, string actor, string reason, CancellationToken cancellationToken);
}
