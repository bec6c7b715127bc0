using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// Runs one promotion with its intent written first and its outcome after, so a crash between the two is
/// reconciled on start instead of promoting twice or forgetting the promotion. The outcome is written with the
/// announcement of the decision it ends (the "is live" or "failed" reply), so a crash after it loses neither.
/// </summary>
internal sealed class PromotionExecutor(IPlatformRegistry platforms, EngineState state, EngineOptions options, TimeProvider time, ILogger logger, DecisionLog log)
{
    public const string InFlight = "a promotion of this pair is already in flight";
    private static readonly TimeSpan UnrecordedPollInterval = TimeSpan.FromSeconds(15);

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
            Previous = PreviousOf(decision.DownstreamTargets, targets),
        };
        // The intent and its "started" entry are one write, as are the outcome and its entry below: a crash between
        // them can neither lose an entry nor leave one for a promotion the ledger does not know.
        var how = TriggerText(trigger, actor);
        var started = Audit(intent, AuditKind.PromotionStarted, actor, $"promoting {release.ShortCommit} {decision.PairLabel} to {string.Join(", ", targets)} ({how}): {reason}");
        if (!await state.Ledger.TryBeginAsync(intent, started, cancellationToken))
        {
            return decision with { Kind = DecisionKind.Promoting, Detail = InFlight };
        }

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
        var completed = Audit(intent, result.Succeeded ? AuditKind.PromotionSucceeded : AuditKind.PromotionFailed, actor,
            result.Succeeded
                ? $"promoted {release.ShortCommit} {decision.PairLabel} ({how})"
                : $"promotion of {release.ShortCommit} {decision.PairLabel} failed ({how}): {Failures(result)}");
        var now = time.GetUtcNow();
        var final = decision with
        {
            Kind = result.Succeeded ? DecisionKind.Promoted : DecisionKind.Failed,
            At = now,
            Detail = result.Succeeded ? how : $"{how}: {Failures(result)}",
            DownstreamTargets = Landed(decision.DownstreamTargets, result, release, now),
        };

        // The completion queues the final decision's announcement in its transaction; recording the decision then keeps
        // its row only. A crash in between loses no reply: the row still says promoting, and the next cycle moves it on.
        var announcement = await log.PrepareAsync(final);
        if (await state.Ledger.CompleteAsync(intent.Id, outcome, result.Message, now, completed, announcement, cancellationToken) && announcement is not null)
        {
            log.Queued(announcement);
        }

        return final;
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

    /// <summary>
    /// What each target to promote ran in the snapshot the promotion was decided on: what a rollback returns it to. A
    /// target with no readable release has nothing to return to and is left out.
    /// </summary>
    private static List<PreviousRelease> PreviousOf(IReadOnlyList<TargetState> downstream, IReadOnlyList<string> targets) =>
        [.. targets
            .Select(t => downstream.FirstOrDefault(d => string.Equals(d.Target, t, StringComparison.OrdinalIgnoreCase)))
            .Where(d => d?.Release is { Commit.Length: > 0 })
            .Select(d => new PreviousRelease(d!.Target, d.Release!.Id, d.Release.Commit, d.Release.Version))];

    /// <summary>True while the pair has an open intent, e.g. one left by the last process that is still being settled.</summary>
    public async Task<bool> InFlightAsync(string pairKey, CancellationToken cancellationToken) =>
        (await state.Ledger.GetOpenAsync(cancellationToken)).Any(i => string.Equals(i.PairKey, pairKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads the intents left open by an earlier process now, and returns the task that settles them: each on its own,
    /// so one adopted script or one watched promotion does not hold up the others (or the cycles, whose promotions of
    /// those pairs the open intents refuse meanwhile).
    /// </summary>
    public async Task<Task<int>> StartReconcileAsync(IManifestCatalog catalog, CancellationToken cancellationToken)
    {
        // One node: every open intent. In a cluster: only those of nodes that left it (live nodes settle their own).
        var open = await state.Ledger.GetOrphanedAsync(cancellationToken);
        return SettleAllAsync(catalog, open, cancellationToken);
    }

    private async Task<int> SettleAllAsync(IManifestCatalog catalog, IReadOnlyList<PromotionIntent> open, CancellationToken cancellationToken)
    {
        await Task.WhenAll(open.Select(intent => SettleAndRecordAsync(catalog, intent, cancellationToken)));
        return open.Count;
    }

    private async Task SettleAndRecordAsync(IManifestCatalog catalog, PromotionIntent intent, CancellationToken cancellationToken)
    {
        if (intent.Kind == IntentKind.Rollback)
        {
            await new Rollback.RollbackReconciler(platforms, state, options, time, logger).SettleAndRecordAsync(catalog, intent, cancellationToken);
            return;
        }

        var (outcome, message) = await SettleAsync(catalog, intent, cancellationToken);
        var settled = Audit(intent, AuditKind.PromotionReconciled, "engine", $"open promotion of {intent.Commit[..Math.Min(7, intent.Commit.Length)]} {intent.From}→{intent.To} settled after restart: {outcome.ToString().ToLowerInvariant()} ({message})");
        // The settlement, its entry and its announcement (the promotion's thread says how it ended) are one transaction. An
        // abandoned one is not announced: it never ran, and the next cycle decides (and announces) that pair afresh.
        var announcement = outcome == PromotionOutcome.Abandoned ? null : new PromotionSettled
        {
            At = time.GetUtcNow(), ServiceName = intent.Service, From = intent.From, To = intent.To, Commit = intent.Commit,
            Targets = intent.Targets, Outcome = outcome, Message = message,
        };
        if (!await state.Ledger.CompleteAsync(intent.Id, outcome, message, time.GetUtcNow(), settled, announcement, cancellationToken))
        {
            // Settled meanwhile by another node (or its own, back in time): its outcome, entry and announcement stand.
            logger.LogInformation("Promotion {Intent} of {Service} {From}->{To} was already settled", intent.Id, intent.Service, intent.From, intent.To);
            return;
        }

        try
        {
            if (announcement is not null)
            {
                await state.Events.PublishAsync(announcement, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Publishing the settlement of {Intent} failed; it stays queued", intent.Id);
        }

        logger.LogWarning("Reconciled promotion {Intent} of {Service} {From}->{To}: {Outcome} ({Message})", intent.Id, intent.Service, intent.From, intent.To, outcome, message);
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
                // Part of it never ran (the bot died between targets): nothing failed, so the next cycle may promote the rest.
                var outcome = resumed.Succeeded ? PromotionOutcome.Succeeded : resumed.Unfinished ? PromotionOutcome.Abandoned : PromotionOutcome.Failed;
                return (outcome, $"resumed {externalId}: {resumed.Message}");
            }

            if (platform.UnrecordedPromotionsNeverStarted)
            {
                return await LandedAsync(platform, manifest, intent, cancellationToken)
                    ? (PromotionOutcome.Succeeded, "the platform already runs the commit on every target")
                    : (PromotionOutcome.Abandoned, "interrupted before the platform took it (no call was recorded as started); the next cycle decides afresh");
            }

            return await WatchUnrecordedAsync(platform, manifest, intent, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (PromotionOutcome.Abandoned, $"could not confirm with the platform: {ex.Message}");
        }
    }

    /// <summary>
    /// A call that may have reached the platform without its id being recorded (a crash right after the request): the
    /// targets are watched until the promotion timeout has passed since the intent, and only then is it given up, so a
    /// second promotion never starts while the first may still land.
    /// </summary>
    private async Task<(PromotionOutcome, string)> WatchUnrecordedAsync(IReleasePlatform platform, ServiceManifest manifest, PromotionIntent intent, CancellationToken cancellationToken)
    {
        var deadline = intent.StartedAt + options.PromotionTimeout;
        while (true)
        {
            if (await LandedAsync(platform, manifest, intent, cancellationToken))
            {
                return (PromotionOutcome.Succeeded, "the platform runs the commit on every target");
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return (PromotionOutcome.Abandoned, $"no sign of the promotion within {Reasons.Duration(options.PromotionTimeout)} of its start; the next cycle decides afresh");
            }

            await Task.Delay(left < UnrecordedPollInterval ? left : UnrecordedPollInterval, time, cancellationToken);
        }
    }

    private static async Task<bool> LandedAsync(IReleasePlatform platform, ServiceManifest manifest, PromotionIntent intent, CancellationToken cancellationToken)
    {
        var snapshot = await platform.GetSnapshotAsync(manifest, cancellationToken);
        return intent.Targets.All(t => snapshot.Get(t).Release is { } r && Release.CommitsMatch(r.Commit, intent.Commit));
    }

    private AuditEntry Audit(PromotionIntent intent, AuditKind kind, string actor, string summary) =>
        new()
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
        };

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
