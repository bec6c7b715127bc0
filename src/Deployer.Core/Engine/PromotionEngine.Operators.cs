using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;

namespace Deployer.Core.Engine;

/// <summary>What operators and start-up ask of the engine one pair at a time: evaluate now, force-promote, reconcile.</summary>
public sealed partial class PromotionEngine
{
    /// <summary>Evaluates one pair now (for force-promote requests and status).</summary>
    public async Task<PairDecision> EvaluatePairAsync(ServiceManifest manifest, string toStage, CancellationToken cancellationToken)
    {
        var to = manifest.FindStage(toStage) ?? throw new ArgumentException($"{manifest.Service} has no stage '{toStage}'", nameof(toStage));
        var index = IndexOf(manifest, to);
        if (index == 0)
        {
            throw new ArgumentException($"{to.Name} is the first stage of {manifest.Service}: nothing promotes into it", nameof(toStage));
        }

        var now = _time.GetUtcNow();
        var sources = NewSources([manifest], cancellationToken);
        var snapshot = await _snapshots.ReadAsync(manifest, cancellationToken);
        var (holds, holdsError) = await ReadHoldsAsync(manifest.Service, now, cancellationToken);
        var (verifications, verificationsError) = await ReadVerificationsAsync(manifest.Service, cancellationToken);
        return await _evaluator.EvaluatePairAsync(
            manifest, manifest.Stages[index - 1], to, snapshot, holds, sources, now, cancellationToken, holdsError, verifications, verificationsError);
    }

    /// <summary>
    /// Promotes the pair's upstream release now, bypassing checks and holds (an operator's decision, already authorized).
    /// </summary>
    public async Task<PairDecision> ForcePromoteAsync(PairDecision decision, PromotionTrigger trigger, string actor, string reason, CancellationToken cancellationToken)
    {
        var manifest = _catalog.Find(decision.Service) ?? throw new ArgumentException($"unknown service {decision.Service}", nameof(decision));
        var result = await _executor.PromoteAsync(manifest, decision, trigger, actor, reason, cancellationToken);
        await _log.RecordAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Settles promotion intents left open by a crash: resume, confirm against the platform, or abandon.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken) => await await StartReconcileAsync(cancellationToken);

    /// <summary>Reads the open intents now; the returned task settles them while cycles run (their pairs stay refused).</summary>
    public Task<Task<int>> StartReconcileAsync(CancellationToken cancellationToken) => _executor.StartReconcileAsync(_catalog, cancellationToken);
}
