using Deployer.Core.Checks;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Core.Verification;

/// <summary>
/// The health checks of a stage on its promoted release: the platform state of its targets, then the alerts that apply
/// to it (same <c>stages</c> scoping and <c>mode</c> as when gating promotions into it) and its incidents.
/// </summary>
internal sealed class VerificationHealth(TimeSpan checkTimeout, TimeProvider time)
{
    /// <summary>The name health results about targets carry.</summary>
    public const string Targets = "targets";

    private readonly ICheck[] _checks = [new AlertsCheck(), new IncidentsCheck()];

    /// <summary>
    /// Why the window ends early (a target runs something else, or its release failed), or null while every target runs
    /// <paramref name="commit"/>; targets that cannot be read are returned as unknown results.
    /// </summary>
    public static (string? Superseded, List<CheckResult> Unknown) ReadTargets(StageSpec stage, PipelineSnapshot snapshot, string commit)
    {
        var unknown = new List<CheckResult>();
        foreach (var target in stage.Targets.Select(snapshot.Get))
        {
            switch (target.Release)
            {
                case null:
                    unknown.Add(CheckResult.Unknown(Targets, $"cannot read {target.Target}: {target.Error ?? "no release"}"));
                    break;
                case { } r when !Release.CommitsMatch(r.Commit, commit):
                    return ($"{target.Target} runs {r.ShortCommit} now", unknown);
                case { Status: ReleaseStatus.Failed } r:
                    return ($"{target.Target}'s release {(r.Version > 0 ? $"v{r.Version} " : "")}failed on the platform", unknown);
                case { Status: ReleaseStatus.Pending }:
                    unknown.Add(CheckResult.Unknown(Targets, $"{target.Target}'s release is still pending"));
                    break;
            }
        }

        return (null, unknown);
    }

    /// <summary>Alerts and incidents of <paramref name="stage"/>, each within the check timeout; what cannot be had is unknown.</summary>
    public async Task<List<CheckResult>> EvaluateAsync(
        ServiceManifest manifest, StageSpec from, StageSpec stage, Release promoted, CycleSources sources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var context = new CheckContext
        {
            Manifest = manifest,
            From = from,
            To = stage,
            Checks = manifest.EffectiveChecks(stage),
            Upstream = promoted,
            UpstreamTargets = [],
            Now = now,
            Sources = sources,
        };
        var results = await Task.WhenAll(_checks.Select(async check =>
        {
            try
            {
                return await Deadline.WithinAsync(t => check.EvaluateAsync(context, t).AsTask(), checkTimeout, time, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Unknown never fails a verification; it extends the window (fail closed: nothing moves on meanwhile).
                IReadOnlyList<CheckResult> unknown = [CheckResult.Unknown(check.Name, ex.Message)];
                return unknown;
            }
        }));
        return results.SelectMany(r => r).ToList();
    }
}
