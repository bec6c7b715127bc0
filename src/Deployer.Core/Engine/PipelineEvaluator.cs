using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Deployer.Core.Verification;

namespace Deployer.Core.Engine;

/// <summary>Turns one pipeline snapshot into one decision per adjacent stage pair. Pure apart from the checks' outside data.</summary>
public sealed class PipelineEvaluator
{
    private readonly IReadOnlyList<ICheck> _local;
    private readonly IReadOnlyList<ICheck> _remote;
    private readonly TimeSpan _checkTimeout;
    private readonly TimeProvider _time;

    public PipelineEvaluator(TimeSpan checkTimeout, TimeProvider time, IEnumerable<ICheck>? checks = null)
    {
        _time = time;
        var all = (checks ?? DefaultChecks()).ToList();
        _local = all.Where(c => c.IsLocal).ToList();
        _remote = all.Where(c => !c.IsLocal).ToList();
        _checkTimeout = checkTimeout;
    }

    /// <summary>The fixed list of check kinds, in evaluation order (local first).</summary>
    public static IReadOnlyList<ICheck> DefaultChecks() =>
    [
        new VerifiedCheck(), new HoldCheck(), new UpstreamConvergedCheck(), new RejectedCheck(), new ReleaseAgeCheck(), new DeployWindowCheck(),
        new BranchCheck(), new IntegrationTestsCheck(), new IncidentsCheck(), new AlertsCheck(),
    ];

    public async Task<IReadOnlyList<PairDecision>> EvaluateAsync(
        ServiceManifest manifest, PipelineSnapshot snapshot, IReadOnlyList<Hold> holds, CycleSources sources,
        DateTimeOffset now, CancellationToken cancellationToken, string? holdsUnreadable = null,
        IReadOnlyList<StageVerification>? verifications = null, string? verificationsUnreadable = null)
    {
        // Pairs are independent: evaluated together, a slow source costs the pipeline one timeout, not one per pair.
        return await Task.WhenAll(manifest.Pairs().Select(pair =>
            EvaluatePairAsync(manifest, pair.From, pair.To, snapshot, holds, sources, now, cancellationToken, holdsUnreadable, verifications, verificationsUnreadable)));
    }

    public async Task<PairDecision> EvaluatePairAsync(
        ServiceManifest manifest, StageSpec from, StageSpec to, PipelineSnapshot snapshot, IReadOnlyList<Hold> holds,
        CycleSources sources, DateTimeOffset now, CancellationToken cancellationToken, string? holdsUnreadable = null,
        IReadOnlyList<StageVerification>? verifications = null, string? verificationsUnreadable = null)
    {
        var upstreamTargets = from.Targets.Select(snapshot.Get).ToList();
        var downstreamTargets = to.Targets.Select(snapshot.Get).ToList();
        var upstream = upstreamTargets
            .Where(t => t.Release is not null)
            .OrderByDescending(t => t.Release!.CreatedAt)
            .FirstOrDefault();
        var decision = new PairDecision
        {
            Service = manifest.Service,
            From = from.Name,
            To = to.Name,
            Kind = DecisionKind.InSync,
            At = now,
            Upstream = upstream?.Release,
            SourceTarget = upstream?.Target,
            UpstreamTargets = upstreamTargets,
            DownstreamTargets = downstreamTargets,
        };

        if (upstream?.Release is { } release && upstreamTargets.All(t => t.Release is not null)
            && downstreamTargets.All(t => t.Release is { } r && r.SameCommitAs(release)))
        {
            return decision;
        }

        var differing = downstreamTargets
            .Where(t => upstream?.Release is not { } up || t.Release is not { } r || !r.SameCommitAs(up))
            .Select(t => t.Target)
            .ToList();
        var context = new CheckContext
        {
            Manifest = manifest,
            From = from,
            To = to,
            Checks = manifest.EffectiveChecks(to),
            Upstream = upstream?.Release,
            UpstreamLiveSince = upstreamTargets.All(t => t.Release is not null) ? upstreamTargets.Max(t => t.Release!.CreatedAt) : null,
            UpstreamTargets = upstreamTargets,
            Now = now,
            Holds = holds.Where(h => string.Equals(h.Service, manifest.Service, StringComparison.OrdinalIgnoreCase)).ToList(),
            Sources = sources,
            HoldsUnreadable = holdsUnreadable,
            Verifications = verifications ?? [],
            VerificationsUnreadable = verificationsUnreadable,
        };

        var results = new List<CheckResult>();
        foreach (var check in _local)
        {
            results.AddRange(await RunAsync(check, context, cancellationToken));
        }

        // A downstream target we cannot read might already run something else: promoting to it blind is not fail-closed.
        // (When upstream is unreadable too, upstream-converged already says so once.)
        results.AddRange(downstreamTargets
            .Where(t => t.Release is null && t.Error is not null && upstreamTargets.All(u => u.Release is not null))
            .Select(t => CheckResult.Unknown(CheckNames.UpstreamConverged, $"cannot read downstream {t.Target}: {t.Error}")));

        var remote = await Task.WhenAll(_remote.Select(c => RunAsync(c, context, cancellationToken)));
        results.AddRange(remote.SelectMany(r => r));

        var hold = context.Holds.FirstOrDefault(h => h.IsActiveAt(now) && h.Covers(to.Name));
        var kind = hold is not null ? DecisionKind.Held
            : results.Any(r => r.Blocks) ? DecisionKind.Blocked
            : DecisionKind.Promote;
        return decision with { Kind = kind, Checks = results, TargetsToPromote = differing, Hold = hold };
    }

    /// <summary>Runs one check, fail-closed, and stamps its results with how long it took (for the per-check duration metric).</summary>
    private async Task<IReadOnlyList<CheckResult>> RunAsync(ICheck check, CheckContext context, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var results = check.IsLocal
            ? await Guard(check, context, () => check.EvaluateAsync(context, cancellationToken).AsTask(), cancellationToken)
            // Past the timeout the check is Unknown ("no answer within 10s"): Guard turns the TimeoutException into that.
            : await Guard(
                check, context,
                () => Deadline.WithinAsync(t => check.EvaluateAsync(context, t).AsTask(), _checkTimeout, _time, cancellationToken),
                cancellationToken);
        var duration = _time.GetElapsedTime(started);
        return results.Select(r => r with { Duration = duration }).ToList();
    }

    private static async Task<IReadOnlyList<CheckResult>> Guard(
        ICheck check, CheckContext context, Func<Task<IReadOnlyList<CheckResult>>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Fail closed: data we cannot have is a reason to wait, never to promote. A source's own timeout
            // (TaskCanceledException from an HTTP client) lands here too: only the cycle's cancellation propagates.
            return Unanswered(check, context, ex.Message);
        }
    }

    /// <summary>
    /// Unknown results for a check that gave no answer, in the mode the manifest configured: a shadow check that
    /// cannot be evaluated is reported, never blocks.
    /// </summary>
    private static List<CheckResult> Unanswered(ICheck check, CheckContext context, string reason)
    {
        var checks = context.Checks;
        if (check.Name == CheckNames.Alerts)
        {
            var specs = (checks.Alerts ?? []).Where(a => a.AppliesTo(context.To.Name)).ToList();
            if (specs.Count > 0)
            {
                return specs.Select(s => CheckResult.Unknown(check.Name, $"{s.Name}: {reason}").Apply(s.Mode)).ToList();
            }
        }

        var mode = check.Name switch
        {
            CheckNames.ReleaseAge => checks.ReleaseAge?.Mode,
            CheckNames.IntegrationTests => checks.IntegrationTests?.Mode,
            CheckNames.Incidents => checks.Incidents?.Mode,
            CheckNames.Branch => checks.Branch?.Mode,
            // Freezes have no mode: they always enforce.
            CheckNames.DeployWindow when (checks.Freezes ?? []).Count == 0 => checks.Window?.Mode,
            _ => null,
        };
        return [CheckResult.Unknown(check.Name, reason).Apply(mode ?? CheckMode.Enforce)];
    }
}
