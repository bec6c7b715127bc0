using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// Runs one promotion with its intent written first and its outcome after, so a crash between the two is
/// reconciled on start instead of promoting twice or forgetting the promotion.
/// </summary>
internal sealed class PromotionExecutor(IPlatformRegistry platforms, EngineState state, EngineOptions options, TimeProvider time, ILogger logger)
{
    public async Task<PairDecision> PromoteAsync(
        ServiceManifest manifest, PairDecision decision, PromotionTrigger trigger, string actor, string reason, CancellationToken cancellationToken)
    {
        if (decision.Upstream is not { } release || decision.SourceTarget is not { } source)
        {
            return decision with { Kind = DecisionKind.Failed, Detail = "no upstream release to promote", At = time.GetUtcNow() };
        }

        var targets = decision.TargetsToPromote.Count > 0 ? decision.TargetsToPromote : manifest.FindStage(decision.To)?.Targets ?? [];
        var intent = new PromotionIntent
        {
            Service = manifest.Service,
            From = decision.From,
            To = decision.To,
            Commit = release.Commit,
            Version = release.Version,
            SourceTarget = source,
            Targets = targets,
            Trigger = trigger,
            Actor = actor,
            StartedAt = time.GetUtcNow(),
        };
        if (!await state.Ledger.TryBeginAsync(intent, cancellationToken))
        {
            return decision with { Kind = DecisionKind.Promoting, Detail = "a promotion of this pair is already in flight" };
        }

        var how = TriggerText(trigger, actor);
        await AuditAsync(intent, AuditKind.PromotionStarted, actor, $"promoting {release.ShortCommit} {decision.PairLabel} to {string.Join(", ", targets)} ({how}): {reason}", cancellationToken);

        PromotionResult result;
        try
        {
            using var deadline = new CancellationTokenSource(options.PromotionTimeout, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var request = new PromotionRequest(manifest, decision.From, decision.To, source, release, targets);
            result = await platforms.For(manifest).PromoteAsync(
                request,
                externalId => state.Ledger.SetExternalIdAsync(intent.Id, externalId, CancellationToken.None),
                timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-promotion: the intent stays open and is reconciled on the next start.
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Promotion {Intent} of {Pair} failed", intent.Id, decision.PairKey);
            result = PromotionResult.Failure(ex is OperationCanceledException ? $"no answer within {Reasons.Duration(options.PromotionTimeout)}" : ex.Message, targets);
        }

        var outcome = result.Succeeded ? PromotionOutcome.Succeeded : PromotionOutcome.Failed;
        await state.Ledger.CompleteAsync(intent.Id, outcome, result.Message, time.GetUtcNow(), cancellationToken);
        await AuditAsync(intent, result.Succeeded ? AuditKind.PromotionSucceeded : AuditKind.PromotionFailed, actor,
            result.Succeeded
                ? $"promoted {release.ShortCommit} {decision.PairLabel} ({how})"
                : $"promotion of {release.ShortCommit} {decision.PairLabel} failed ({how}): {Failures(result)}",
            cancellationToken);

        var now = time.GetUtcNow();
        return decision with
        {
            Kind = result.Succeeded ? DecisionKind.Promoted : DecisionKind.Failed,
            At = now,
            Detail = result.Succeeded ? how : $"{how}: {Failures(result)}",
            DownstreamTargets = Landed(decision.DownstreamTargets, result, release, now),
        };
    }

    /// <summary>
    /// The downstream targets as the promotion left them, so <c>status</c> shows the new release at once rather than
    /// the snapshot read before it until the next cycle. The platform's new release id and version are unknown here.
    /// </summary>
    private static List<TargetState> Landed(IReadOnlyList<TargetState> before, PromotionResult result, Release release, DateTimeOffset now)
    {
        var landed = result.Targets.Where(t => t.Succeeded).Select(t => t.Target).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var promoted = release with { Id = "", CreatedAt = now, Status = ReleaseStatus.Succeeded };
        return [.. before.Select(t => landed.Contains(t.Target) ? new TargetState(t.Target, promoted) : t)];
    }

    public async Task<int> ReconcileAsync(IManifestCatalog catalog, CancellationToken cancellationToken)
    {
        var open = await state.Ledger.GetOrphanedAsync(cancellationToken);
        foreach (var intent in open)
        {
            var (outcome, message) = await SettleAsync(catalog, intent, cancellationToken);
            await state.Ledger.CompleteAsync(intent.Id, outcome, message, time.GetUtcNow(), cancellationToken);
            await AuditAsync(intent, AuditKind.PromotionReconciled, "engine", $"open promotion of {intent.Commit[..Math.Min(7, intent.Commit.Length)]} {intent.From}→{intent.To} settled after restart: {outcome.ToString().ToLowerInvariant()} ({message})", cancellationToken);
            logger.LogWarning("Reconciled promotion {Intent} of {Service} {From}->{To}: {Outcome} ({Message})", intent.Id, intent.Service, intent.From, intent.To, outcome, message);
        }

        return open.Count;
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
            if (intent.ExternalId is { } externalId
                && await platform.ResumeAsync(manifest, externalId, intent.Targets, cancellationToken) is { } resumed)
            {
                return (resumed.Succeeded ? PromotionOutcome.Succeeded : PromotionOutcome.Failed, $"resumed {externalId}: {resumed.Message}");
            }

            var snapshot = await platform.GetSnapshotAsync(manifest, cancellationToken);
            var landed = intent.Targets.All(t => snapshot.Get(t).Release is { } r && Release.CommitsMatch(r.Commit, intent.Commit));
            return landed
                ? (PromotionOutcome.Succeeded, "the platform already runs the commit on every target")
                : (PromotionOutcome.Abandoned, "interrupted before the platform took it; the next cycle decides afresh");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (PromotionOutcome.Abandoned, $"could not confirm with the platform: {ex.Message}");
        }
    }

    private Task AuditAsync(PromotionIntent intent, AuditKind kind, string actor, string summary, CancellationToken cancellationToken) =>
        state.Audit.AppendAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Service = intent.Service,
            Kind = kind,
            Actor = actor,
            Pair = $"{intent.From}→{intent.To}",
            Commit = intent.Commit.Length > 7 ? intent.Commit[..7] : intent.Commit,
            Summary = summary,
            Data = new Dictionary<string, string>
            {
                ["intent"] = intent.Id,
                ["trigger"] = intent.Trigger.ToString(),
                ["targets"] = string.Join(",", intent.Targets),
            },
        }, cancellationToken);

    private static string TriggerText(PromotionTrigger trigger, string actor) => trigger switch
    {
        PromotionTrigger.Forced => $"forced by {actor}",
        PromotionTrigger.BreakGlass => $"break-glass by {actor}",
        _ => "automatic",
    };

    private static string Failures(PromotionResult result)
    {
        var failed = result.Targets.Where(t => !t.Succeeded).Select(t => $"{t.Target}: {t.Error}").ToList();
        return failed.Count == 0 ? result.Message : string.Join("; ", failed);
    }
}
