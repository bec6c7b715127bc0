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

namespace Deployer.Core.Verification;

/// <summary>
/// Watches every stage after a promotion into it, once per evaluation of its pipeline: starts a window when the ledger
/// shows a newly completed promotion, re-evaluates the stage's health on the promoted release, and ends the window as
/// verified, failed (hold, maybe rollback, reject the commit) or superseded. Every state change is stored with its
/// announcement; the hold and the rollback of a failure are retried at the next evaluation until recorded as done.
/// </summary>
internal sealed partial class VerificationMonitor(EngineState state, EngineOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Who places automatic holds and asks for automatic rollbacks.</summary>
    public const string Actor = "deployer";

    private readonly VerificationHealth _health = new(options.CheckTimeout, time);

    /// <summary>Per service, the commits its targets ran when the ledger was last read with nothing in flight.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _seen = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => state.Verifications is not null;

    /// <summary>The stored verifications of <paramref name="service"/>, for planning (nothing changes).</summary>
    public async Task<IReadOnlyList<StageVerification>> ReadAsync(string service, CancellationToken cancellationToken) =>
        state.Verifications is { } store ? await store.GetAllAsync(service, cancellationToken) : [];

    /// <summary>Moves every stage's watch on; returns the verifications as they now stand and the holds it placed.</summary>
    public async Task<(IReadOnlyList<StageVerification> Verifications, IReadOnlyList<Hold> Placed)> WatchAsync(
        ServiceManifest manifest, PipelineSnapshot snapshot, CycleSources sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.Verifications is not { } store)
        {
            return ([], []);
        }

        var stored = (await store.GetAllAsync(manifest.Service, cancellationToken))
            .ToDictionary(v => v.Stage, StringComparer.OrdinalIgnoreCase);
        // The ledger is read only when the stages' commits changed since this process last read it for the pipeline (a
        // promotion may have completed since), or an intent was still open then: a steady pipeline costs one store read
        // per evaluation, not a ledger scan too, whether or not it was ever promoted by the deployer.
        var seen = Fingerprint(manifest, snapshot);
        IReadOnlyList<PromotionIntent> intents = [];
        if (!_seen.TryGetValue(manifest.Service, out var last) || last != seen)
        {
            intents = await state.Ledger.GetRecentAsync(manifest.Service, 100, cancellationToken) ?? [];
            // A promotion still open (a force-promote running beside this evaluation) may land before its intent is
            // completed: read again next time rather than trust this picture.
            if (intents.Any(i => i.Outcome == PromotionOutcome.Open))
            {
                _seen.TryRemove(manifest.Service, out _);
            }
            else
            {
                _seen[manifest.Service] = seen;
            }
        }
        var placed = new List<Hold>();
        var result = new List<StageVerification>();
        for (var i = 1; i < manifest.Stages.Count; i++)
        {
            var (from, stage) = (manifest.Stages[i - 1], manifest.Stages[i]);
            var current = stored.GetValueOrDefault(stage.Name);
            try
            {
                current = await StepAsync(store, manifest, from, stage, current, intents, snapshot, sources, now, placed, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One stage's trouble must not stop the others; what was stored stands and is retried next time.
                logger.LogError(ex, "Verifying {Service} {Stage} failed", manifest.Service, stage.Name);
            }

            if (current is not null)
            {
                result.Add(current);
            }
        }

        return (result, placed);
    }

    private async Task<StageVerification?> StepAsync(
        IVerificationStore store, ServiceManifest manifest, StageSpec from, StageSpec stage, StageVerification? current,
        IReadOnlyList<PromotionIntent> intents, PipelineSnapshot snapshot, CycleSources sources, DateTimeOffset now,
        List<Hold> placed, CancellationToken cancellationToken)
    {
        var spec = manifest.EffectiveVerify(stage);
        current = await ClearRejectionsAsync(store, from, current, snapshot, cancellationToken);
        var promotion = intents.FirstOrDefault(i =>
            i.Kind == IntentKind.Promote && i.Outcome == PromotionOutcome.Succeeded && i.CompletedAt is not null
            && string.Equals(i.To, stage.Name, StringComparison.OrdinalIgnoreCase));
        if (spec is not null && promotion is not null && (current is null || (current.IntentId != promotion.Id && promotion.CompletedAt >= current.StartedAt)))
        {
            current = await BeginAsync(store, manifest, from, stage, current, promotion, spec, now, cancellationToken);
        }

        if (current is null)
        {
            return null;
        }

        if (current.State == VerificationState.Verifying)
        {
            current = await ProgressAsync(store, manifest, from, stage, current, snapshot, sources, now, cancellationToken);
        }

        if (current.State == VerificationState.Failed && (!current.HoldPlaced || (spec?.OnFailure == VerifyFailureAction.Rollback && !current.RollbackDone)))
        {
            current = await ActOnFailureAsync(store, current, spec, now, placed, cancellationToken);
        }

        return current;
    }

    private static string Fingerprint(ServiceManifest manifest, PipelineSnapshot snapshot) =>
        string.Join(',', manifest.Stages.Skip(1).SelectMany(s => s.Targets).Select(t => snapshot.Get(t).Release?.Commit ?? "?"));

    /// <summary>A different commit upstream clears the stage's rejections of other commits.</summary>
    private static async Task<StageVerification?> ClearRejectionsAsync(
        IVerificationStore store, StageSpec from, StageVerification? current, PipelineSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (current is not { Rejected.Count: > 0 })
        {
            return current;
        }

        var upstream = from.Targets.Select(t => snapshot.Get(t).Release).ToList();
        if (upstream.Any(r => r is null) || upstream.Select(r => r!.Commit).Distinct(StringComparer.OrdinalIgnoreCase).Count() != 1)
        {
            return current;
        }

        var commit = upstream[0]!.Commit;
        var kept = current.Rejected.Where(r => Release.CommitsMatch(r.Commit, commit)).ToList();
        if (kept.Count == current.Rejected.Count)
        {
            return current;
        }

        var cleared = current with { Rejected = kept };
        await store.SaveAsync(cleared, null, cancellationToken);
        return cleared;
    }

    private async Task<StageVerification> BeginAsync(
        IVerificationStore store, ServiceManifest manifest, StageSpec from, StageSpec stage, StageVerification? current,
        PromotionIntent promotion, VerifySpec spec, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Promoting a rejected commit again takes a force-promote: that promotion lifts its rejection.
        var rejected = (current?.Rejected ?? []).Where(r => !Release.CommitsMatch(r.Commit, promotion.Commit)).ToList();
        var started = promotion.CompletedAt!.Value;
        var next = new StageVerification
        {
            Service = manifest.Service,
            Stage = stage.Name,
            From = from.Name,
            Commit = promotion.Commit,
            IntentId = promotion.Id,
            StartedAt = started,
            For = spec.For,
            Rejected = rejected,
        };
        await store.SaveAsync(next, null, cancellationToken);
        logger.LogInformation("Verifying {Commit} in {Service} {Stage} until {Until}", next.ShortCommit, manifest.Service, stage.Name, next.Until);
        return next;
    }

    private async Task<StageVerification> ProgressAsync(
        IVerificationStore store, ServiceManifest manifest, StageSpec from, StageSpec stage, StageVerification current,
        PipelineSnapshot snapshot, CycleSources sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (superseded, unknown) = VerificationHealth.ReadTargets(stage, snapshot, current.Commit);
        if (superseded is not null)
        {
            var ended = current with { State = VerificationState.Superseded, EndedAt = now, Reason = superseded, UnknownSince = null };
            await EndAsync(store, ended, new VerificationSuperseded { Verification = ended, At = now }, AuditKind.VerificationSuperseded,
                $"verification of {ended.ShortCommit} in {stage.Name} superseded: {superseded}", cancellationToken);
            return ended;
        }

        // A window that passed with every answer in (no open unknown spell) is over: what fires later is not its business.
        if (current.UnknownSince is null && now >= current.Until)
        {
            return await VerifiedAsync(store, current, now, cancellationToken);
        }

        var promoted = snapshot.Get(stage.Targets[0]).Release ?? new Release { Commit = current.Commit };
        var results = await _health.EvaluateAsync(manifest, from, stage, promoted, sources, now, cancellationToken);
        if (results.FirstOrDefault(r => !r.Shadow && r.Outcome == CheckOutcome.Fail) is { } failing)
        {
            return await FailAsync(store, current, failing, manifest.EffectiveVerify(stage)?.OnFailure ?? VerifyFailureAction.Hold, now, cancellationToken);
        }

        unknown.AddRange(results.Where(r => !r.Shadow && r.Outcome == CheckOutcome.Unknown));
        StageVerification next;
        if (unknown.Count > 0)
        {
            next = current with { UnknownSince = current.UnknownSince ?? now, Reason = $"{unknown[0].Check}: {unknown[0].Reason}" };
        }
        else
        {
            next = current.UnknownSince is { } since
                ? current with { UnknownFor = current.UnknownFor + (now - since), UnknownSince = null, Reason = null }
                : current;
            if (now >= next.Until)
            {
                return await VerifiedAsync(store, next, now, cancellationToken);
            }
        }

        if (next != current)
        {
            await store.SaveAsync(next, null, cancellationToken);
        }

        return next;
    }

    private async Task<StageVerification> VerifiedAsync(IVerificationStore store, StageVerification current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verified = current with { State = VerificationState.Verified, EndedAt = now, Reason = null };
        await EndAsync(store, verified, new Verified { Verification = verified, At = now }, AuditKind.Verified,
            $"verified {verified.ShortCommit} in {verified.Stage}: healthy for {Reasons.Duration(verified.For)}" +
            (verified.UnknownFor > TimeSpan.Zero ? $" (window extended by {Reasons.Duration(verified.UnknownFor)} while checks were unknown)" : ""),
            cancellationToken);
        return verified;
    }

    private async Task EndAsync(IVerificationStore store, StageVerification ended, DeployerEvent announcement, AuditKind kind, string summary, CancellationToken cancellationToken)
    {
        await store.SaveAsync(ended, announcement, cancellationToken);
        await state.Audit.AppendAsync(new AuditEntry
        {
            At = announcement.At,
            Service = ended.Service,
            Kind = kind,
            Actor = Actor,
            Pair = $"{ended.From}→{ended.Stage}",
            Commit = ended.ShortCommit,
            Summary = summary,
            Data = new Dictionary<string, string> { ["stage"] = ended.Stage, ["commit"] = ended.Commit, ["state"] = ended.State.ToString().ToLowerInvariant() },
        }, cancellationToken);
        await PublishAsync(announcement, cancellationToken);
    }

    private async Task PublishAsync(DeployerEvent announcement, CancellationToken cancellationToken)
    {
        try
        {
            await state.Events.PublishAsync(announcement, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still queued with the state change: the next delivery pass sends it.
            logger.LogError(ex, "Publishing {Event} of {Service} failed", announcement.GetType().Name, announcement.Service);
        }
    }
}
