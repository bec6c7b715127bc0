using Deployer.Core.Audit;
using Deployer.Core.Checks;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Rollback;

/// <summary>
/// Returns a stage's targets to what they ran before the last promotion into it, as recorded in that promotion's
/// intent. Crash-safe like a promotion: the rollback intent is in the ledger before the platform call and completed
/// after; a restart settles an open one without running it again. Holds the stage first when nothing holds it (so the
/// next cycle does not promote the commit straight back), and never lifts a hold.
/// </summary>
public sealed class StageRollback : IStageRollback
{
    private readonly IManifestCatalog _catalog;
    private readonly IPlatformRegistry _platforms;
    private readonly EngineState _state;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RollbackRecorder _recorder;

    public StageRollback(
        IManifestCatalog catalog, IPlatformRegistry platforms, EngineState state, EngineOptions options, TimeProvider time, ILogger<StageRollback>? logger = null)
    {
        _catalog = catalog;
        _platforms = platforms;
        _state = state;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<StageRollback>.Instance;
        _recorder = new RollbackRecorder(state, time, _logger);
    }

    public async Task<RollbackOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (plan, refusal) = await PlanAsync(request, cancellationToken);
        if (plan is null)
        {
            return new RollbackOutcome(false, true, refusal!, null, null);
        }

        var (manifest, intent, platform) = plan.Value;
        var facts = RollbackRecorder.Facts(intent);
        // The intent, its audit entry and its announcement are one transaction: a crash keeps all three or none.
        var started = new RollbackStarted { At = _time.GetUtcNow(), Rollback = facts };
        var requested = _recorder.Entry(facts, AuditKind.RollbackRequested, request.Actor,
            $"rollback of {manifest.Service} {intent.To} requested: {facts.FromShort} → {facts.ToShort} on {facts.TargetList}: {request.Reason}");
        if (!await _state.Ledger.TryBeginAsync(intent, requested, started, cancellationToken))
        {
            return new RollbackOutcome(false, true, $"A promotion or rollback of {manifest.Service} {intent.From}→{intent.To} is in flight; wait for it to end, then try again.", null, null);
        }

        await _recorder.PublishAsync(started, cancellationToken);
        await HoldIfFreeAsync(manifest, intent, cancellationToken);

        PromotionResult result;
        try
        {
            using var deadline = new CancellationTokenSource(_options.PromotionTimeout, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            result = await platform.RollbackAsync(
                new RollbackPlan(manifest, intent.To, intent.Previous),
                externalId => _state.Ledger.SetExternalIdAsync(intent.Id, externalId, CancellationToken.None),
                timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-rollback: the intent stays open and is settled on the next start, never run again.
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Rollback {Intent} of {Service} {Stage} failed", intent.Id, manifest.Service, intent.To);
            result = PromotionResult.Failure(ex is OperationCanceledException ? $"no answer within {Reasons.Duration(_options.PromotionTimeout)}" : ex.Message, intent.Targets);
        }

        var message = result.Succeeded ? result.Message : Failures(result);
        var entry = _recorder.Entry(facts, result.Succeeded ? AuditKind.RolledBack : AuditKind.RollbackFailed, request.Actor,
            result.Succeeded
                ? $"rolled back {manifest.Service} {intent.To}: {facts.FromShort} → {facts.ToShort} on {facts.TargetList}"
                : $"rollback of {manifest.Service} {intent.To} ({facts.FromShort} → {facts.ToShort}) failed: {message}");
        var completed = _recorder.Completed(facts, result.Succeeded, message, afterRestart: false);
        await _state.Ledger.CompleteAsync(intent.Id, result.Succeeded ? PromotionOutcome.Succeeded : PromotionOutcome.Failed, result.Message, _time.GetUtcNow(), entry, completed, cancellationToken);
        await _recorder.PublishAsync(completed, cancellationToken);
        return new RollbackOutcome(result.Succeeded, false,
            result.Succeeded
                ? $"Rolled back {manifest.Service} {intent.To} from {facts.FromShort} to {facts.ToShort} on {facts.TargetList}. The stage stays held until someone resumes it."
                : $"Rollback of {manifest.Service} {intent.To} failed: {message}. The stage stays held.",
            intent.FromCommit, intent.Commit);
    }

    /// <summary>What to roll back and how, or why not (nothing is written then).</summary>
    private async Task<((ServiceManifest, PromotionIntent, IReleasePlatform)? Plan, string? Refusal)> PlanAsync(RollbackRequest request, CancellationToken cancellationToken)
    {
        if (_catalog.Find(request.Service) is not { } manifest)
        {
            return (null, $"No service `{request.Service}` is loaded.");
        }

        var index = manifest.Stages.ToList().FindIndex(s => string.Equals(s.Name, request.Stage, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return (null, $"{manifest.Service} has no stage `{request.Stage}`.");
        }

        var stage = manifest.Stages[index];
        if (index == 0)
        {
            return (null, $"`{stage.Name}` is {manifest.Service}'s first stage: nothing is promoted into it, so no earlier release is recorded. Redeploy the release you want on the platform by hand.");
        }

        IReleasePlatform platform;
        try
        {
            platform = _platforms.For(manifest);
        }
        catch (InvalidOperationException ex)
        {
            return (null, ex.Message);
        }

        if (platform.CannotRollBack(manifest) is { } cannot)
        {
            return (null, $"Cannot roll back {manifest.Service} {stage.Name}: {cannot}.");
        }

        var from = manifest.Stages[index - 1].Name;
        var pairKey = Decisions.PairDecision.KeyFor(manifest.Service, from, stage.Name);
        var recent = (await _state.Ledger.GetRecentAsync(manifest.Service, 500, cancellationToken))
            .Where(i => string.Equals(i.PairKey, pairKey, StringComparison.OrdinalIgnoreCase)).ToList();
        if (recent.Any(i => i.Outcome == PromotionOutcome.Open))
        {
            return (null, $"A promotion or rollback of {manifest.Service} {from}→{stage.Name} is in flight; wait for it to end, then try again.");
        }

        var byHand = $"Roll the targets ({string.Join(", ", stage.Targets)}) back by hand on the platform; the stage stays held until someone resumes it.";
        var last = recent.FindIndex(i => i.Kind == IntentKind.Promote && i.Outcome == PromotionOutcome.Succeeded);
        if (last < 0)
        {
            return (null, $"No completed promotion into {manifest.Service} {stage.Name} is recorded, so there is no previous release to return to. {byHand}");
        }

        var promotion = recent[last];
        var when = Reasons.At(promotion.CompletedAt ?? promotion.StartedAt, _time.GetUtcNow());
        if (promotion.Previous.Count == 0)
        {
            return (null, $"The last promotion into {manifest.Service} {stage.Name} ({Short(promotion.Commit)} at {when}) recorded no previous release (it predates rollback records, or its targets ran nothing). {byHand}");
        }

        if (recent.Take(last).FirstOrDefault(i => i.Kind == IntentKind.Rollback && i.Outcome == PromotionOutcome.Succeeded) is { } done)
        {
            return (null, $"{manifest.Service} {stage.Name} was already rolled back from {Short(promotion.Commit)} at {Reasons.At(done.CompletedAt ?? done.StartedAt, _time.GetUtcNow())}; nothing newer was promoted since.");
        }

        var previous = await StillToReturnAsync(platform, manifest, promotion.Previous, cancellationToken);
        if (previous.Count == 0)
        {
            return (null, $"Every target of {manifest.Service} {stage.Name} already runs the release it ran before {Short(promotion.Commit)}; nothing to roll back.");
        }

        var intent = new PromotionIntent
        {
            Kind = IntentKind.Rollback,
            Service = manifest.Service,
            From = from,
            To = stage.Name,
            Commit = previous[0].Commit,
            Version = previous[0].Version,
            SourceTarget = "",
            Targets = [.. previous.Select(p => p.Target)],
            Previous = previous,
            FromCommit = promotion.Commit,
            RollbackOf = promotion.Id,
            Reason = request.Reason,
            Trigger = request.Actor == "deployer" ? PromotionTrigger.Automatic : PromotionTrigger.Forced,
            Actor = request.Actor,
            StartedAt = _time.GetUtcNow(),
        };
        return ((manifest, intent, platform), null);
    }

    /// <summary>The recorded previous releases of targets that do not run them now (all of them when the platform cannot be read).</summary>
    private async Task<List<PreviousRelease>> StillToReturnAsync(IReleasePlatform platform, ServiceManifest manifest, IReadOnlyList<PreviousRelease> previous, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await platform.GetSnapshotAsync(manifest, cancellationToken);
            return [.. previous.Where(p => snapshot.Get(p.Target).Release is not { } now || !Release.CommitsMatch(now.Commit, p.Commit))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Cannot read {Service} before its rollback; rolling back every recorded target", manifest.Service);
            return [.. previous];
        }
    }

    /// <summary>
    /// Without a hold the next cycle would promote the rolled-back commit straight back: hold the stage unless a hold
    /// (the stage's own, or the pipeline's) already covers it. An existing hold is never replaced or lifted.
    /// </summary>
    private async Task HoldIfFreeAsync(ServiceManifest manifest, PromotionIntent intent, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var active = await _state.Holds.GetActiveAsync(manifest.Service, now, cancellationToken);
        if (active.Any(h => h.Covers(intent.To)))
        {
            return;
        }

        var hold = new Hold
        {
            Service = manifest.Service,
            Stage = intent.To,
            Reason = $"rolled back from {Short(intent.FromCommit ?? "")}: {intent.Reason}",
            By = intent.Actor,
            CreatedAt = now,
        };
        var placed = await _state.Holds.PlaceAsync(hold, cancellationToken);
        await _state.Audit.AppendAsync(new AuditEntry
        {
            At = now,
            Service = manifest.Service,
            Kind = AuditKind.Hold,
            Actor = intent.Actor,
            Pair = intent.To,
            Summary = $"held {manifest.Service} {intent.To} for its rollback (until someone resumes it): {intent.Reason}",
            Data = new Dictionary<string, string> { ["hold"] = hold.Id, ["intent"] = intent.Id },
        }, cancellationToken);
        try
        {
            await _state.Events.PublishAsync(placed, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Publishing the rollback hold of {Service} {Stage} failed", manifest.Service, intent.To);
        }
    }

    private static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;

    private static string Failures(PromotionResult result)
    {
        var failed = result.Targets.Where(t => !t.Succeeded).Select(t => $"{t.Target}: {t.Error}").ToList();
        return failed.Count == 0 ? result.Message : string.Join("; ", failed);
    }
}
