using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Rollback;

/// <summary>
/// Settles a rollback intent a crash left open, never running it again: resumed with the platform's recorded id,
/// confirmed when every target runs its previous release, otherwise (after the promotion timeout when the call may
/// still land) abandoned, for an operator to run <c>rollback</c> again if it is still wanted.
/// </summary>
internal sealed class RollbackReconciler(IPlatformRegistry platforms, EngineState state, EngineOptions options, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);
    private readonly RollbackRecorder _recorder = new(state, time, logger);

    public async Task SettleAndRecordAsync(IManifestCatalog catalog, PromotionIntent intent, CancellationToken cancellationToken)
    {
        var (outcome, message) = await SettleAsync(catalog, intent, cancellationToken);
        var facts = RollbackRecorder.Facts(intent);
        var kind = outcome switch
        {
            PromotionOutcome.Succeeded => AuditKind.RolledBack,
            PromotionOutcome.Failed => AuditKind.RollbackFailed,
            _ => AuditKind.PromotionReconciled,
        };
        var summary = $"open rollback of {intent.Service} {intent.To} ({facts.FromShort} → {facts.ToShort}) settled after restart: {outcome.ToString().ToLowerInvariant()} ({message})";
        var entry = _recorder.Entry(facts, kind, "engine", summary, outcome.ToString().ToLowerInvariant());
        var completed = _recorder.Completed(facts, outcome == PromotionOutcome.Succeeded, $"{outcome.ToString().ToLowerInvariant()} after a restart: {message}", afterRestart: true);
        // Settled, audited and announced in one transaction; another node that settled it first wrote all three already.
        if (!await state.Ledger.CompleteAsync(intent.Id, outcome, message, time.GetUtcNow(), entry, completed, cancellationToken))
        {
            return;
        }

        await _recorder.PublishAsync(completed, cancellationToken);
        logger.LogWarning("Reconciled rollback {Intent} of {Service} {Stage}: {Outcome} ({Message})", intent.Id, intent.Service, intent.To, outcome, message);
    }

    private async Task<(PromotionOutcome, string)> SettleAsync(IManifestCatalog catalog, PromotionIntent intent, CancellationToken cancellationToken)
    {
        if (catalog.Find(intent.Service) is not { } manifest)
        {
            return (PromotionOutcome.Abandoned, "service no longer has a manifest");
        }

        try
        {
            var platform = platforms.For(manifest);
            var plan = new RollbackPlan(manifest, intent.To, intent.Previous);
            if (intent.ExternalId is { } externalId
                && await platform.ResumeRollbackAsync(manifest, externalId, plan, cancellationToken) is { } resumed)
            {
                var outcome = resumed.Succeeded ? PromotionOutcome.Succeeded : resumed.Unfinished ? PromotionOutcome.Abandoned : PromotionOutcome.Failed;
                return (outcome, $"resumed {externalId}: {resumed.Message}");
            }

            if (platform.UnrecordedPromotionsNeverStarted)
            {
                return await BackAsync(platform, manifest, intent, cancellationToken)
                    ? (PromotionOutcome.Succeeded, "every target already runs its previous release")
                    : (PromotionOutcome.Abandoned, "interrupted before the platform took it; not run again (run `rollback` again if it is still wanted)");
            }

            var deadline = intent.StartedAt + options.PromotionTimeout;
            while (true)
            {
                if (await BackAsync(platform, manifest, intent, cancellationToken))
                {
                    return (PromotionOutcome.Succeeded, "every target runs its previous release");
                }

                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return (PromotionOutcome.Abandoned, $"no sign of the rollback within {Reasons.Duration(options.PromotionTimeout)} of its start; not run again (run `rollback` again if it is still wanted)");
                }

                await Task.Delay(left < PollInterval ? left : PollInterval, time, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (PromotionOutcome.Abandoned, $"could not confirm with the platform: {ex.Message}");
        }
    }

    private static async Task<bool> BackAsync(IReleasePlatform platform, ServiceManifest manifest, PromotionIntent intent, CancellationToken cancellationToken)
    {
        var snapshot = await platform.GetSnapshotAsync(manifest, cancellationToken);
        return intent.Previous.All(p => snapshot.Get(p.Target).Release is { } r && Release.CommitsMatch(r.Commit, p.Commit));
    }
}
